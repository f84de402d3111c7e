import { describe, expect, it } from 'vitest';
import { addOne, multiplyByTwo, sumValues } from './activities';

describe("orchestration's activities", () => {
  it('add one, double, and sum', async () => {
    expect(await addOne(1)).toBe(2);
    expect(await multiplyByTwo(3)).toBe(6);
    expect(await sumValues([2, 4, 6])).toBe(12);
    expect(await sumValues([])).toBe(0);
  });
});
