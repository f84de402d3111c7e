import { describe, expect, it } from 'vitest';
import { WORKFLOW_TASK_FAILING_STAGE } from '../tasks/status';
import { progressLine } from './progress-line';

/** A stand-in for stderr that keeps what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  let written = '';
  return {
    isTTY,
    columns: 200,
    write: (chunk: string) => {
      written += chunk;
      return true;
    },
    text: () => written,
  } as unknown as NodeJS.WriteStream & { text: () => string };
}

const failing = (message: string) => ({ percent: 0, stage: WORKFLOW_TASK_FAILING_STAGE, message });

describe('progressLine', () => {
  it('says a failing workflow task once, however often it is reported again', () => {
    const stream = fakeStream(false);
    const line = progressLine(stream);
    line.update(undefined);
    for (let i = 0; i < 5; i++) line.update(failing('Error: boom'));
    line.end();
    const lines = stream.text().split('\n');
    expect(lines[0]).toBe('queued: waiting for a worker');
    expect(lines.filter((text) => text.startsWith(`${WORKFLOW_TASK_FAILING_STAGE}: `))).toEqual([`${WORKFLOW_TASK_FAILING_STAGE}: Error: boom`]);
  });

  it('says it again when the failure changes, and goes back to progress once the task runs', () => {
    const stream = fakeStream(false);
    const line = progressLine(stream);
    line.update(failing('Error: boom'));
    line.update(failing('Error: other'));
    line.update({ percent: 50, stage: 'working' });
    expect(stream.text()).toContain(`${WORKFLOW_TASK_FAILING_STAGE}: Error: boom\n`);
    expect(stream.text()).toContain(`${WORKFLOW_TASK_FAILING_STAGE}: Error: other\n`);
    expect(stream.text().trimEnd().split('\n').at(-1)).toBe('running  50%  working');
  });

  it('on a terminal, puts the failure on a line of its own that the progress line does not overwrite', () => {
    const stream = fakeStream(true);
    const line = progressLine(stream);
    line.update(undefined);
    line.update(failing('Error: boom'));
    line.update({ percent: 10, stage: 'working' });
    expect(stream.text()).toMatch(/queued: waiting for a worker\r\x1b\[2Kworkflow_task_failing: Error: boom\n.*\n\r\x1b\[2Krunning {2}10% {2}working$/);
  });
});
