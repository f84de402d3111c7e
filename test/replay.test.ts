import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../src/worker/workflow-bundle';

const HISTORIES = path.join(__dirname, 'replay', 'histories');

function recorded(file: string) {
  return historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
}

/**
 * Every recorded history replays against today's workflow code: a change that would break
 * running tasks (non-determinism) fails here, not in production. Re-record with
 * `npm run record-histories` when a workflow changes on purpose.
 */
describe('workflow replay', () => {
  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  });

  const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

  it('has a recorded history for every workflow', () => {
    expect(files.sort()).toEqual([
      'approval-reviewer.json',
      'approval-timeout.json',
      'data-processing.json',
      'error-handling-failure.json',
      'error-handling-success.json',
      'long-running.json',
      'noop.json',
    ]);
  });

  it('replays every recorded history without a determinism violation', async () => {
    const histories = files.map((file) => ({ workflowId: file, history: recorded(file) }));
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) results.push(result);
    expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(files.map((file) => [file, undefined]));
  });

  it('catches a workflow change that running tasks could not survive', async () => {
    const changed = path.join(__dirname, 'fixtures', 'changed-workflows.ts');
    const replay = Worker.runReplayHistory({ workflowsPath: changed }, recorded('data-processing.json'));
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
