import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { processDatasetChunk, type DatasetChunkInput } from './activities';

interface Heartbeat {
  conveyor_progress: { percent: number; stage: string; message?: string };
  checkpoint?: { next: number; sum: number };
}

function environment(info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {}) {
  const env = new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
  const heartbeats: Heartbeat[] = [];
  env.on('heartbeat', (details: Heartbeat) => heartbeats.push(details));
  return { env, heartbeats };
}

/** The second of two chunks of 1..50000, in run 2. */
const input: DatasetChunkInput = { chunk: { index: 1, from: 25_001, to: 50_000 }, chunks: 2, run: 2, length: 50_000 };
const sum = (from: number, to: number) => ((from + to) * (to - from + 1)) / 2;

describe('processDatasetChunk', () => {
  it('sums its chunk, heartbeating its chunk, run and a checkpoint as it goes', async () => {
    const { env, heartbeats } = environment();

    expect(await env.run(processDatasetChunk, input)).toEqual({ items: 25_000, sum: sum(25_001, 50_000) });
    expect(heartbeats.map((h) => h.checkpoint?.next)).toEqual([25_001, 35_001, 45_001, 50_001]);
    expect(heartbeats.map((h) => h.conveyor_progress.percent)).toEqual([50, 70, 90, 100]);
    expect(heartbeats.every((h) => h.conveyor_progress.stage === 'chunk 2 of 2, run 2')).toBe(true);
    expect(heartbeats.at(-1)?.conveyor_progress.message).toBe('items 25001..50000, at 25000 of 25000');
  });

  it('resumes from the checkpoint in its last heartbeat instead of starting over', async () => {
    const checkpoint = { next: 45_001, sum: sum(25_001, 45_000) };
    const { env, heartbeats } = environment({ attempt: 2, heartbeatDetails: { conveyor_progress: { percent: 90, stage: 'x' }, checkpoint } });

    expect(await env.run(processDatasetChunk, input)).toEqual({ items: 25_000, sum: sum(25_001, 50_000) });
    expect(heartbeats.map((h) => h.checkpoint?.next)).toEqual([45_001, 50_001]);
  });
});
