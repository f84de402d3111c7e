import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask, type TaskSpec } from './define-task';
import { InvalidFlowControlError, InvalidParamsError } from './errors';
import { fairnessKeyOf, flowKeyOf } from './flow-keys';
import { createRegistry } from './registry';

async function noop(): Promise<void> {}
const input = z.object({ customer: z.string().default(''), doc: z.string().default('d') });
type FlowOptions = Partial<Pick<TaskSpec<typeof input, void>, 'fairnessKey' | 'key' | 'rateLimit' | 'keyRateLimit' | 'concurrency' | 'mode' | 'debounce'>>;
const task = (name: string, options: FlowOptions = {}) => defineTask({ name, queue: 'q', description: name, input, workflow: noop, ...options });

describe("a task type's flow-control options, checked when the registry is built", () => {
  it('accepts every option as documented', () => {
    const registry = createRegistry([
      task('limited', {
        fairnessKey: (p) => p.customer,
        key: (p) => p.doc,
        rateLimit: { perSecond: 5 },
        keyRateLimit: { perSecond: 0.5 },
        concurrency: { perKey: 2 },
        debounce: { window: '30s', maxWait: '5m' },
      }),
      task('single', { mode: 'singleton', rateLimit: { perSecond: 5 } }),
    ]);
    expect(registry.describe('limited').flow_control).toEqual({
      fairness_key: 'parameters',
      key: 'parameters',
      rate_limit: 5,
      key_rate_limit: 0.5,
      concurrency_per_key: 2,
      mode: 'start',
      debounce: { window_ms: 30_000, max_wait_ms: 300_000 },
    });
    expect(registry.describe('single').flow_control).toMatchObject({ fairness_key: 'submitter', key: 'fairness_key', mode: 'singleton', debounce: null });
  });

  const refused: [string, FlowOptions, RegExp][] = [
    ['a rate of 0', { rateLimit: { perSecond: 0 } }, /rateLimit.perSecond must be a number above 0/],
    ['a rate that is no number', { keyRateLimit: { perSecond: Number.NaN } }, /keyRateLimit.perSecond must be a number above 0/],
    ['a fractional concurrency', { concurrency: { perKey: 1.5 } }, /concurrency.perKey must be a whole number of at least 1/],
    ['an unknown mode', { mode: 'solo' as never }, /mode must be "start" or "singleton", not "solo"/],
    ['a window that is no duration', { debounce: { window: 'soon' as never } }, /debounce.window must be a duration/],
    ['a maxWait shorter than the window', { debounce: { window: '1m', maxWait: '30s' } }, /debounce.maxWait must not be shorter than debounce.window/],
    ['a debounced singleton', { mode: 'singleton', debounce: { window: '1m' } }, /debounce cannot be combined with mode "singleton"/],
  ];
  it.each(refused)('refuses %s, naming the task, where it is defined and the option', (_label, options, message) => {
    expect(() => createRegistry([task('bad', options)])).toThrow(InvalidFlowControlError);
    expect(() => createRegistry([task('bad', options)])).toThrow(message);
    expect(() => createRegistry([task('bad', options)])).toThrow(/task type "bad" \(at .*flow-control\.test\.ts:\d+\)/);
  });

  it('refuses two task types declaring different rates on one queue (Temporal keeps one per queue), and accepts the same one twice', () => {
    expect(() => createRegistry([task('a', { rateLimit: { perSecond: 5 } }), task('b', { rateLimit: { perSecond: 6 } })])).toThrow(
      /rateLimit differs from task type "a" on the same queue "q"/,
    );
    expect(() => createRegistry([task('a', { keyRateLimit: { perSecond: 1 } }), task('b', { keyRateLimit: { perSecond: 2 } })])).toThrow(/keyRateLimit differs/);
    expect(() => createRegistry([task('a', { rateLimit: { perSecond: 5 } }), task('b'), task('c', { rateLimit: { perSecond: 5 } })])).not.toThrow();
  });
});

describe('fairness keys', () => {
  const plain = task('plain');
  const byCustomer = task('by_customer', { fairnessKey: (p) => p.customer });

  it("is the named key, else the type's derived key, else the submitter's name", () => {
    expect(fairnessKeyOf(plain, { customer: 'acme' }, 'alice')).toBe('alice');
    expect(fairnessKeyOf(byCustomer, { customer: 'acme' }, 'alice')).toBe('acme');
    expect(fairnessKeyOf(byCustomer, { customer: 'acme' }, 'alice', 'vip')).toBe('vip');
  });

  it('replaces a key longer than Temporal takes (64 bytes) by its hash, the same for the same value', () => {
    const long = 'ü'.repeat(40);
    const key = fairnessKeyOf(plain, {}, long);
    expect(key).toMatch(/^sha256:[0-9a-f]{57}$/);
    expect(Buffer.byteLength(key)).toBe(64);
    expect(fairnessKeyOf(plain, {}, long)).toBe(key);
    expect(fairnessKeyOf(plain, {}, `${long}x`)).not.toBe(key);
  });

  it('refuses a derived key that is empty or not a string, or whose function throws, as invalid parameters', () => {
    expect(() => fairnessKeyOf(byCustomer, { customer: '' }, 'alice')).toThrow(InvalidParamsError);
    expect(() => fairnessKeyOf(byCustomer, { customer: '' }, 'alice')).toThrow(/fairnessKey must give a non-empty string, got an empty string/);
    const throwing = task('throwing', { fairnessKey: () => { throw new Error('no tenant'); } });
    expect(() => fairnessKeyOf(throwing, {}, 'alice')).toThrow(/fairnessKey could not be derived: no tenant/);
  });

  it("groups concurrency, singletons and debouncing by the type's key, else by the fairness key", () => {
    expect(flowKeyOf(task('k', { key: (p) => p.doc }), { doc: 'd-1' }, 'alice')).toBe('d-1');
    expect(flowKeyOf(plain, { doc: 'd-1' }, 'alice')).toBe('alice');
  });
});
