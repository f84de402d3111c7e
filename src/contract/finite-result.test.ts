import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { NON_FINITE_RESULT, nonFiniteNumberPath, refuseNonFiniteResult } from './finite-result';

describe('nonFiniteNumberPath', () => {
  it('is undefined when every number is finite, however deep', () => {
    expect(nonFiniteNumberPath({ a: 1, b: [2, { c: -3.5e307 }], d: 'NaN', e: null, f: true })).toBeUndefined();
    expect(nonFiniteNumberPath(Number.MAX_VALUE)).toBeUndefined();
    expect(nonFiniteNumberPath(undefined)).toBeUndefined();
  });

  it('names where the first NaN or infinity sits', () => {
    expect(nonFiniteNumberPath(NaN)).toBe('result');
    expect(nonFiniteNumberPath({ final_result: Infinity })).toBe('result.final_result');
    expect(nonFiniteNumberPath({ chunks: [{ sum: 1 }, { sum: -Infinity }] })).toBe('result.chunks[1].sum');
  });

  it('visits an object met twice once, and a cycle ends', () => {
    const shared: Record<string, unknown> = { n: 1 };
    shared.self = shared;
    expect(nonFiniteNumberPath({ first: shared, second: shared })).toBeUndefined();
  });
});

describe('refuseNonFiniteResult', () => {
  it('lets a finite result through', () => {
    expect(() => refuseNonFiniteResult({ total: 3 })).not.toThrow();
  });

  it('throws a non-retryable NonFiniteResult failure naming the path', () => {
    let thrown: unknown;
    try {
      refuseNonFiniteResult({ final_result: Infinity });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({ type: NON_FINITE_RESULT, nonRetryable: true });
    expect((thrown as Error).message).toContain('result.final_result is not a finite number');
  });
});
