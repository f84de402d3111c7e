import type { ChildProcess } from 'node:child_process';

/**
 * `conveyor dev` starts its worker while the embedded Temporal server is still starting, so that
 * the worker's own start (Node, the application's config, the workflow bundle's path) overlaps the
 * server's instead of following it (bench:footprint). The worker then asks before it connects, and
 * the supervisor answers once the server does. Event-driven: nobody polls the port.
 */

/** Set by `conveyor dev` on its worker: ask over IPC before connecting to Temporal. */
export const AWAIT_TEMPORAL_ENV = 'CONVEYOR_DEV_AWAIT_TEMPORAL';

interface GateMessage {
  type: 'await-temporal' | 'temporal-up';
}

/** The supervisor's side: answers the child's question once `temporalUp` resolves (never if it rejects: the stack stops then). */
export function answerTemporalGate(child: ChildProcess, temporalUp: Promise<unknown>): void {
  child.on('message', (message: Partial<GateMessage> | undefined) => {
    if (message?.type !== 'await-temporal') return;
    temporalUp.then(
      () => {
        if (child.connected) child.send({ type: 'temporal-up' } satisfies GateMessage);
      },
      () => undefined,
    );
  });
}

/**
 * The worker's side: resolves `'up'` at once unless `conveyor dev` asked it to wait; then once the
 * supervisor says Temporal answers. Resolves `'stopped'` if one of `stopSignals` comes first or the
 * supervisor goes away: there is nothing to drain yet, so the worker just ends.
 */
export function awaitTemporalFromParent(stopSignals: readonly NodeJS.Signals[]): Promise<'up' | 'stopped'> {
  if (process.env[AWAIT_TEMPORAL_ENV] !== '1' || !process.send) return Promise.resolve('up');
  return new Promise<'up' | 'stopped'>((resolve) => {
    const settle = (outcome: 'up' | 'stopped'): void => {
      process.off('message', onMessage);
      process.off('disconnect', onStop);
      for (const signal of stopSignals) process.off(signal, onStop);
      resolve(outcome);
    };
    const onMessage = (message: Partial<GateMessage> | undefined): void => {
      if (message?.type === 'temporal-up') settle('up');
    };
    const onStop = (): void => settle('stopped');
    process.on('message', onMessage);
    process.once('disconnect', onStop);
    for (const signal of stopSignals) process.once(signal, onStop);
    // The channel may be unref'd (the worker does not let it alone keep a drained process alive):
    // while waiting for the answer it is what keeps the process alive.
    process.channel?.ref();
    process.send?.({ type: 'await-temporal' } satisfies GateMessage);
  }).finally(() => process.channel?.unref());
}
