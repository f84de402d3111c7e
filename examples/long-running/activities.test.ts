import { once } from 'node:events';
import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { longRunningWork } from './activities';

interface Heartbeat {
  conveyor_progress: { percent: number; stage: string; message?: string };
  checkpoint?: { doneMs: number };
}

/** A mock activity environment that records its heartbeats; the SDK's logger is kept quiet. */
function environment(info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {}) {
  const env = new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
  const heartbeats: Heartbeat[] = [];
  env.on('heartbeat', (details: Heartbeat) => heartbeats.push(details));
  return { env, heartbeats };
}

describe('longRunningWork', () => {
  it('heartbeats its progress and a checkpoint every second, and returns the time worked', async () => {
    const { env, heartbeats } = environment();

    const result = await env.run(longRunningWork, { duration: 2, message: 'crunching' });

    expect(result).toEqual({ worked_ms: 2000 });
    expect(heartbeats.map((h) => h.checkpoint)).toEqual([{ doneMs: 1000 }, { doneMs: 2000 }]);
    expect(heartbeats.map((h) => h.conveyor_progress.percent)).toEqual([50, 100]);
    expect(heartbeats.every((h) => h.conveyor_progress.stage === 'working')).toBe(true);
    expect(heartbeats.at(-1)?.conveyor_progress.message).toBe('2s of 2s: crunching');
  });

  it('resumes from the checkpoint in its last heartbeat instead of starting over', async () => {
    const { env, heartbeats } = environment({ attempt: 2, heartbeatDetails: { conveyor_progress: { percent: 50, stage: 'working' }, checkpoint: { doneMs: 1000 } } });

    const result = await env.run(longRunningWork, { duration: 2, message: 'crunching' });

    expect(result).toEqual({ worked_ms: 2000 });
    expect(heartbeats.map((h) => h.checkpoint)).toEqual([{ doneMs: 2000 }]);
  });

  it('rejects with a CancelledFailure when the task is cancelled mid-work', async () => {
    const { env } = environment();

    const running = env.run(longRunningWork, { duration: 3600, message: 'x' });
    await once(env, 'heartbeat');
    env.cancel();

    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
  });
});
