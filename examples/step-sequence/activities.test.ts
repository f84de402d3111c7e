import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { sequenceStep } from './activities';

function environment(attempt: number): { env: MockActivityEnvironment; heartbeats: () => number } {
  const env = new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
  let heartbeats = 0;
  env.on('heartbeat', () => heartbeats++);
  return { env, heartbeats: () => heartbeats };
}

describe('sequenceStep', () => {
  it('says which step it ran and which attempt completed it', async () => {
    await expect(environment(1).env.run(sequenceStep, { step: 4, step_ms: 0 })).resolves.toEqual({ step: 4, attempt: 1 });
    await expect(environment(3).env.run(sequenceStep, { step: 7, step_ms: 0 })).resolves.toEqual({ step: 7, attempt: 3 });
  });

  it('heartbeats once per second of work, so a dead worker is noticed by its heartbeat timeout', async () => {
    const { env, heartbeats } = environment(1);
    await env.run(sequenceStep, { step: 1, step_ms: 2500 });
    expect(heartbeats()).toBe(3);
  });
});
