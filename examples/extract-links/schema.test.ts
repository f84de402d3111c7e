import { describe, expect, it } from 'vitest';
import { failingFields } from '../../test/helpers/failing-fields';
import { monthAt, monthIndex, monthOf } from './months';
import { extractLinksInput } from './schema';

const valid = { tag: 'technology', go_back_to: '2024-01', until: '2024-03' };

describe('extract_links input', () => {
  it('accepts a tag and a range of months', () => {
    expect(failingFields(extractLinksInput, valid)).toEqual([]);
    expect(failingFields(extractLinksInput, { ...valid, archive_base: 'http://127.0.0.1:8080/archive/{tag}' })).toEqual([]);
  });

  it('accepts one month (go_back_to = until)', () => {
    expect(failingFields(extractLinksInput, { ...valid, go_back_to: '2024-03' })).toEqual([]);
  });

  it('accepts a go_back_to without until up to the current month', () => {
    expect(failingFields(extractLinksInput, { tag: 't', go_back_to: monthOf(new Date()) })).toEqual([]);
  });

  it.each([['2024-1'], ['2024-13'], ['2024-00'], ['24-01'], ['2024/01'], ['2024-01-05'], [202401]])('refuses the month %s', (month) => {
    expect(failingFields(extractLinksInput, { ...valid, go_back_to: month })).toEqual(['go_back_to']);
    expect(failingFields(extractLinksInput, { ...valid, until: month })).toEqual(['until']);
  });

  it('refuses go_back_to after until', () => {
    expect(failingFields(extractLinksInput, { ...valid, go_back_to: '2024-04' })).toEqual(['go_back_to']);
  });

  it('refuses go_back_to after the current month when until is absent', () => {
    const nextYear = monthAt(monthIndex(monthOf(new Date())) + 12);
    expect(failingFields(extractLinksInput, { tag: 't', go_back_to: nextYear })).toEqual(['go_back_to']);
  });

  it('refuses more than 240 months', () => {
    expect(failingFields(extractLinksInput, { ...valid, go_back_to: '2004-03' })).toEqual(['go_back_to']);
    expect(failingFields(extractLinksInput, { ...valid, go_back_to: '2004-04' })).toEqual([]);
  });

  it.each([['file:///etc/passwd'], ['ftp://x.example/'], ['https://user:pw@x.example/archive'], ['https://x.example/archive?page=2'], ['https://x.example/a#b'], ['not a url']])(
    'refuses the archive_base %s',
    (base) => {
      expect(failingFields(extractLinksInput, { ...valid, archive_base: base })).toEqual(['archive_base']);
    },
  );

  it.each([[''], ['a/b'], ['-lead'], ['x'.repeat(101)]])('refuses the tag %j', (tag) => {
    expect(new Set(failingFields(extractLinksInput, { ...valid, tag }))).toEqual(new Set(['tag']));
  });

  it('refuses unknown fields', () => {
    expect(failingFields(extractLinksInput, { ...valid, months: 3 })).toEqual(['']);
  });
});
