import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { longestFirst, recordedDurations, type FileTiming } from '../helpers/file-order.mjs';

const timing = (durationMs: number | undefined, extra: Partial<FileTiming> = {}): FileTiming => ({ projectRank: 0, failed: false, durationMs, ...extra });

describe('the order test files run in (longest first)', () => {
  it('runs the longest files first, and files no timing knows before them, keeping the given order among those', () => {
    const files = { short: timing(300), unknownA: timing(undefined), long: timing(36_000), middle: timing(9_000), unknownB: timing(undefined) };
    const order = longestFirst(Object.keys(files), (name) => files[name as keyof typeof files]);
    expect(order).toEqual(['unknownA', 'unknownB', 'long', 'middle', 'short']);
  });

  it("keeps vitest's project order, and runs what failed last time first within a project", () => {
    const files = {
      unitLong: timing(50_000, { projectRank: 1 }),
      integrationShort: timing(100),
      integrationFailed: timing(50, { failed: true }),
      integrationLong: timing(20_000),
    };
    const order = longestFirst(Object.keys(files), (name) => files[name as keyof typeof files]);
    expect(order).toEqual(['integrationFailed', 'integrationLong', 'integrationShort', 'unitLong']);
  });

  it('reads the committed record, and an absent or unreadable one as no record', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'file-order-'));
    try {
      const record = path.join(dir, 'file-durations.json');
      expect(recordedDurations(record)).toEqual({});
      writeFileSync(record, '{"test/a.e2e.test.ts": 1200}');
      expect(recordedDurations(record)).toEqual({ 'test/a.e2e.test.ts': 1200 });
      writeFileSync(record, '{not json');
      expect(recordedDurations(record)).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a committed record naming files of this suite', () => {
    const recorded = recordedDurations(path.join(import.meta.dirname, '..', 'file-durations.json'));
    expect(recorded['test/worker/lifecycle.e2e.test.ts']).toBeGreaterThan(0);
  });
});
