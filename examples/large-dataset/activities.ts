import { setImmediate } from 'node:timers/promises';
import { log } from '@temporalio/activity';
import { heartbeatProgress, lastCheckpoint } from 'conveyor';
import { chunkStage } from './plan';
import type { ChunkSum, DatasetChunk } from './schema';

/** What a chunk's heartbeats checkpoint, so a retried attempt resumes instead of starting over. */
interface Checkpoint {
  next: number;
  sum: number;
}

/** Heartbeat after this many items: often enough to be news, rarely enough to cost nothing. */
const ITEMS_PER_HEARTBEAT = 10_000;

export interface DatasetChunkInput {
  chunk: DatasetChunk;
  chunks: number;
  run: number;
  /** The dataset's length, for the task's percent. */
  length: number;
}

/**
 * Sums one chunk of the integers 1..length, heartbeating its progress (`chunk 3 of 5, run 2`, which
 * the API shows for the task while the chunk runs) and a checkpoint every {@link ITEMS_PER_HEARTBEAT}
 * items; between them it yields, so the heartbeat goes out and a cancellation comes in.
 */
export async function processDatasetChunk(input: DatasetChunkInput): Promise<ChunkSum> {
  const { chunk } = input;
  const resumed = lastCheckpoint<Checkpoint>();
  if (resumed) log.info('resuming a dataset chunk from its last heartbeat', { chunk: chunk.index, next: resumed.next });
  let next = resumed?.next ?? chunk.from;
  let sum = resumed?.sum ?? 0;
  const beat = () =>
    heartbeatProgress(
      {
        percent: ((next - 1) / input.length) * 100,
        stage: chunkStage(chunk.index, input.chunks, input.run),
        message: `items ${chunk.from}..${chunk.to}, at ${Math.min(next, chunk.to + 1) - chunk.from} of ${chunk.to - chunk.from + 1}`,
      },
      { next, sum } satisfies Checkpoint,
    );
  beat();
  while (next <= chunk.to) {
    const last = Math.min(next + ITEMS_PER_HEARTBEAT - 1, chunk.to);
    for (; next <= last; next++) sum += next;
    beat();
    await setImmediate();
  }
  return { items: chunk.to - chunk.from + 1, sum };
}
