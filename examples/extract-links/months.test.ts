import { describe, expect, it } from 'vitest';
import { monthOf, monthsBetween, previousMonth } from './months';
import { archiveBase, monthPageUrl } from './archive-url';

describe('months', () => {
  it('steps back across a year', () => {
    expect(previousMonth('2024-01')).toBe('2023-12');
    expect(previousMonth('2024-03')).toBe('2024-02');
  });

  it('counts months, both ends included', () => {
    expect(monthsBetween('2023-11', '2024-02')).toBe(4);
    expect(monthsBetween('2024-02', '2024-02')).toBe(1);
    expect(monthsBetween('2024-03', '2024-02')).toBe(0);
  });

  it('takes the month of a date in UTC', () => {
    expect(monthOf(new Date('2024-02-29T23:59:59Z'))).toBe('2024-02');
    expect(monthOf(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03');
  });
});

describe('archive URLs', () => {
  it('default to the tag archive on Medium, month pages as {base}/{yyyy}/{mm}', () => {
    expect(monthPageUrl(archiveBase('technology'), '2024-03')).toBe('https://medium.com/tag/technology/archive/2024/03');
  });

  it('encode the tag and drop a trailing slash of archive_base', () => {
    expect(monthPageUrl(archiveBase('data science', 'http://127.0.0.1:8080/archive/{tag}/'), '2023-12')).toBe('http://127.0.0.1:8080/archive/data%20science/2023/12');
  });
});
