import { TemporalFailure } from '@temporalio/common';

/** A failure as the API and the CLI show it. */
export interface FailureSummary {
  /** The failure's type (`ApplicationFailure` type, or the failure class such as `TimeoutFailure`). */
  type: string;
  message: string;
  /** The chain of causes, outermost first. */
  causes: { type: string; message: string }[];
}

/** A failure and its causes as plain data, with types rather than class internals. */
export function summarizeFailure(failure: Error | undefined): FailureSummary {
  const chain: { type: string; message: string }[] = [];
  for (let current: Error | undefined = failure; current; current = current.cause as Error | undefined) {
    const type = current instanceof TemporalFailure && 'type' in current && typeof current.type === 'string' && current.type ? current.type : current.name;
    chain.push({ type, message: current.message });
  }
  const [first, ...causes] = chain;
  return { type: first?.type ?? 'Unknown', message: first?.message ?? 'unknown failure', causes };
}
