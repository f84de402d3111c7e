import { describe, expect, it } from 'vitest';
import { TASK_STATUSES } from '../../tasks/status';
import { LEGACY_STATUSES, legacyStatus, legacyStatusDisplay, parseStatusFilterWord } from './legacy-vocabulary';

describe('the previous task system’s status words', () => {
  it.each([
    ['queued', 'queued'],
    ['running', 'started'],
    ['completed', 'finished'],
    ['failed', 'failed'],
    ['timed_out', 'failed'],
    ['cancelled', 'cancelled'],
    ['terminated', 'cancelled'],
  ] as const)('answers %s as %s', (status, word) => {
    expect(legacyStatus(status)).toBe(word);
    expect(LEGACY_STATUSES).toContain(word);
  });

  it('labels a status as the old admin page did', () => {
    expect(legacyStatusDisplay('completed')).toBe('Finished');
    expect(legacyStatusDisplay('running')).toBe('Started');
  });

  it.each(TASK_STATUSES)('a legacy filter on the word %s is answered with finds that status again', (status) => {
    expect(parseStatusFilterWord(legacyStatus(status), 'legacy')).toContain(status);
  });

  it.each(TASK_STATUSES)('Conveyor’s own word %s means only itself under its own vocabulary', (status) => {
    expect(parseStatusFilterWord(status, 'conveyor')).toEqual([status]);
  });

  it.each([
    ['PENDING', ['queued']],
    ['STARTED', ['running']],
    ['RETRY', ['retrying']],
    ['SUCCESS', ['completed']],
    ['FINISHED', ['completed']],
    ['FAILURE', ['failed', 'timed_out']],
    ['FAILED', ['failed']],
    ['REVOKED', ['cancelled', 'terminated']],
    ['CANCELLED', ['cancelled']],
  ] as const)('reads the old clients’ %s, in any case', (word, meaning) => {
    expect(parseStatusFilterWord(word, 'conveyor')).toEqual(meaning);
    expect(parseStatusFilterWord(` ${word.toLowerCase()} `, 'conveyor')).toEqual(meaning);
  });

  it('gives FAILED and CANCELLED their wider old meaning under the legacy vocabulary', () => {
    expect(parseStatusFilterWord('FAILED', 'legacy')).toEqual(['failed', 'timed_out']);
    expect(parseStatusFilterWord('Cancelled', 'legacy')).toEqual(['cancelled', 'terminated']);
  });

  it('knows no other word, nor the members of Object.prototype', () => {
    expect(parseStatusFilterWord('exploded', 'conveyor')).toBeUndefined();
    expect(parseStatusFilterWord('', 'legacy')).toBeUndefined();
    expect(parseStatusFilterWord('constructor', 'conveyor')).toBeUndefined();
    expect(parseStatusFilterWord('toString', 'legacy')).toBeUndefined();
  });
});
