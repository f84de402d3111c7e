/** A task type the load benchmark submits: its parameters, and what a right result looks like. */
export interface LoadTaskType {
  name: string;
  /** Short label for tables. */
  label: string;
  params: Record<string, unknown>;
  isRight: (result: unknown) => boolean;
}

const SEQUENCE_STEPS = 3;

/** The built-in no-op: `{ok: true}` within its first workflow task, no activity. */
export const noopLoad: LoadTaskType = {
  name: 'noop',
  label: 'noop',
  params: {},
  isRight: (result) => JSON.stringify(result) === JSON.stringify({ ok: true }),
};

/**
 * The examples' step sequence with three instant steps: three activities one after another. Its
 * result lists each step once, in order, with the attempt that completed it; `reruns` counts the
 * attempts beyond the first (none expected here, but a rerun is still a right result).
 */
export const stepSequenceLoad: LoadTaskType = {
  name: 'example_step_sequence',
  label: `example_step_sequence (${SEQUENCE_STEPS} activities)`,
  params: { steps: SEQUENCE_STEPS, step_ms: 0 },
  isRight: (result) => {
    const { steps, reruns } = (result ?? {}) as { steps?: { step: unknown; attempt: unknown }[]; reruns?: unknown };
    if (!Array.isArray(steps) || steps.length !== SEQUENCE_STEPS) return false;
    const inOrder = steps.every((s, index) => s.step === index + 1 && Number.isInteger(s.attempt) && (s.attempt as number) >= 1);
    return inOrder && reruns === steps.reduce((sum, s) => sum + (s.attempt as number) - 1, 0);
  },
};
