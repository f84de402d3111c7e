import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { bookingSagaInput } from './schema';

describe('booking_saga input', () => {
  it.each(['none', 'reserve', 'charge', 'ship'])('accepts fail_at %s', (failAt) => {
    expect(failingFields(bookingSagaInput, { fail_at: failAt })).toEqual([]);
  });

  it('requires fail_at, and knows only the steps', () => {
    expect(failingFields(bookingSagaInput, {})).toEqual(['fail_at']);
    expect(failingFields(bookingSagaInput, { fail_at: 'pack' })).toEqual(['fail_at']);
  });

  it('accepts a failing compensation of a step that completed before the failing one', () => {
    expect(failingFields(bookingSagaInput, { fail_at: 'charge', compensation_fails: 'reserve' })).toEqual([]);
    expect(failingFields(bookingSagaInput, { fail_at: 'ship', compensation_fails: 'reserve' })).toEqual([]);
    expect(failingFields(bookingSagaInput, { fail_at: 'ship', compensation_fails: 'charge' })).toEqual([]);
  });

  it.each([
    ['none', 'reserve'],
    ['reserve', 'reserve'],
    ['charge', 'charge'],
  ])('rejects fail_at %s with compensation_fails %s: that compensation would never run', (failAt, failing) => {
    const result = bookingSagaInput.safeParse({ fail_at: failAt, compensation_fails: failing });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['compensation_fails']);
    expect(result.error?.issues[0]?.message).toMatch(/runs only when a step after .* fails, and fail_at is /);
  });

  it('has no compensation of ship to fail (ship is the last step)', () => {
    expect(failingFields(bookingSagaInput, { fail_at: 'ship', compensation_fails: 'ship' })).toEqual(['compensation_fails']);
  });

  it('rejects keys it does not know (strict)', () => {
    expect(bookingSagaInput.safeParse({ fail_at: 'none', fail_on: 'ship' }).error?.issues.map((issue) => issue.code)).toEqual(['unrecognized_keys']);
  });
});
