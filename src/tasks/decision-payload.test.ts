import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { decisionPayload } from './decision-payload';

describe('decision signal payload', () => {
  it('takes approved and reviewer, and an optional comment', () => {
    expect(decisionPayload.parse({ approved: false, reviewer: 'ana' })).toEqual({ approved: false, reviewer: 'ana' });
    expect(decisionPayload.parse({ approved: true, reviewer: ' ana ', comment: 'ok' })).toEqual({ approved: true, reviewer: 'ana', comment: 'ok' });
  });

  it.each([
    [{ approved: 'yes', reviewer: 'ana' }, ['approved']],
    [{ approved: true }, ['reviewer']],
    [{ approved: true, reviewer: '  ' }, ['reviewer']],
    [{ approved: true, reviewer: 'x'.repeat(201) }, ['reviewer']],
    [{ approved: true, reviewer: 'ana', comment: 'x'.repeat(2001) }, ['comment']],
    [{ approved: true, reviewer: 'ana', approve: true }, ['']],
    [{}, ['approved', 'reviewer']],
  ])('rejects %j on %j', (payload, fields) => {
    expect(failingFields(decisionPayload, payload)).toEqual(fields);
  });
});
