import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask } from './define-task';
import { DuplicateTaskError, InvalidExampleError, InvalidParamsError, InvalidQueueError, InvalidTaskNameError, ReservedSignalError, UnknownTaskError } from './errors';
import { createRegistry } from './registry';

const DEFAULT_QUEUE = 'default-q';

const longRunningInput = z
  .object({
    duration: z.number().min(0).default(60).describe('How long the work runs, in seconds'),
    message: z.string().default('Processing...'),
  })
  .strict();

const errorHandlingInput = z
  .object({
    should_fail: z.boolean().default(false),
    retry_count: z.number().int().min(0).max(10).default(2),
    fail_at_step: z.number().int().min(1).max(3).default(1),
  })
  .strict();

async function noopWorkflow(): Promise<void> {}

const greetInput = z.object({ name: z.string().default('world') }).strict();

const firstGreet = defineTask({ name: 'greet', queue: DEFAULT_QUEUE, description: 'first', input: greetInput, workflow: noopWorkflow }); // first-greet
const secondGreet = defineTask({ name: 'greet', queue: DEFAULT_QUEUE, description: 'second', input: greetInput, workflow: noopWorkflow }); // second-greet

const longRunning = defineTask({ name: 'long', queue: 'long-q', description: '', input: longRunningInput, workflow: noopWorkflow });
const errorHandling = defineTask({ name: 'errors', queue: DEFAULT_QUEUE, description: '', input: errorHandlingInput, workflow: noopWorkflow });

/** The 1-based line of this test file that carries `marker`, read from the source itself. */
function lineOf(marker: string): number {
  const lines = readFileSync(expect.getState().testPath ?? '', 'utf8').split('\n');
  const index = lines.findIndex((line) => line.endsWith(`// ${marker}`));
  if (index < 0) throw new Error(`no line marked ${marker}`);
  return index + 1;
}

/** Runs `fn` and returns what it threw (failing the test if it threw nothing). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('createRegistry', () => {
  it('refuses a duplicate task name, naming the file:line of both definitions', () => {
    const error = thrownBy(() => createRegistry([firstGreet, secondGreet]));

    expect(error).toBeInstanceOf(DuplicateTaskError);
    const message = (error as Error).message;
    expect(message).toContain('"greet"');
    expect(message).toContain(`registry.test.ts:${lineOf('first-greet')}`);
    expect(message).toContain(`registry.test.ts:${lineOf('second-greet')}`);
  });

  it('refuses a queue name Temporal would not accept', () => {
    const badQueue = defineTask({ name: 'bad', queue: 'has spaces', description: '', input: greetInput, workflow: noopWorkflow });

    const error = thrownBy(() => createRegistry([badQueue]));

    expect(error).toBeInstanceOf(InvalidQueueError);
    expect((error as InvalidQueueError).queue).toBe('has spaces');
  });

  it("refuses a signal under Conveyor's own conveyor.* names, so clients can never send progress reports", () => {
    const sneaky = defineTask({ name: 'sneaky', queue: DEFAULT_QUEUE, description: '', input: greetInput, workflow: noopWorkflow, signals: { 'conveyor.progress': z.object({}) } });
    expect(() => createRegistry([sneaky])).toThrow(ReservedSignalError);
    expect(() => createRegistry([sneaky])).toThrow(/"conveyor\.progress".*Conveyor's own/);
  });

  it('lists the queues the application declares first, then the other queues tasks name, once each', () => {
    const custom = defineTask({ name: 'custom', queue: 'reports-nightly', description: '', input: greetInput, workflow: noopWorkflow });

    const registry = createRegistry([longRunning, custom, firstGreet], [DEFAULT_QUEUE, 'urgent', 'long-q']);

    expect(registry.queues()).toEqual([DEFAULT_QUEUE, 'urgent', 'long-q', 'reports-nightly']);
    expect(createRegistry([longRunning, custom]).queues()).toEqual(['long-q', 'reports-nightly']);
  });

  it('refuses a declared queue Temporal would not accept', () => {
    expect(() => createRegistry([firstGreet], ['ok', 'no spaces please'])).toThrow(InvalidQueueError);
  });

  it.each(['', 'has space', '1starts-with-digit', 'x'.repeat(201), 'emoji-🚀'])('refuses the task name %j, which is also its workflow type', (name) => {
    const task = defineTask({ name, queue: DEFAULT_QUEUE, description: '', input: greetInput, workflow: noopWorkflow });
    expect(() => createRegistry([task])).toThrow(InvalidTaskNameError);
  });

  it.each(['greet', 'send_invoice', 'emails.send', 'billing:invoice-pdf'])('accepts the task name %j', (name) => {
    const task = defineTask({ name, queue: DEFAULT_QUEUE, description: '', input: greetInput, workflow: noopWorkflow });
    expect(createRegistry([task]).has(name)).toBe(true);
  });

  it('throws UnknownTaskError listing the known names for a name nobody registered', () => {
    const registry = createRegistry([longRunning, errorHandling]);

    const error = thrownBy(() => registry.get('nope'));

    expect(error).toBeInstanceOf(UnknownTaskError);
    expect((error as UnknownTaskError).knownTasks).toEqual(['long', 'errors']);
    expect((error as Error).message).toContain('long, errors');
    expect(registry.has('nope')).toBe(false);
    expect(registry.has('long')).toBe(true);
    expect(() => registry.parseParams('nope', {})).toThrow(UnknownTaskError);
  });

  it('parses parameters, applying defaults', () => {
    const registry = createRegistry([longRunning, errorHandling]);

    expect(registry.parseParams('long', { duration: 5 })).toEqual({ duration: 5, message: 'Processing...' });
    expect(registry.parseParams('long', undefined)).toEqual({ duration: 60, message: 'Processing...' });
    expect(registry.parseParams('errors', { should_fail: true })).toEqual({ should_fail: true, retry_count: 2, fail_at_step: 1 });
  });

  it('throws InvalidParamsError naming each failing field', () => {
    const registry = createRegistry([errorHandling]);

    const error = thrownBy(() => registry.parseParams('errors', { should_fail: 'yes', retry_count: -1 }));

    expect(error).toBeInstanceOf(InvalidParamsError);
    const invalid = error as InvalidParamsError;
    expect(invalid.taskName).toBe('errors');
    expect(invalid.issues.map((issue) => issue.field).sort()).toEqual(['retry_count', 'should_fail']);
    expect(invalid.message).toContain('should_fail:');
    expect(invalid.message).toContain('retry_count:');
  });

  it('describes a task input as an object JSON Schema with its properties and defaults', () => {
    const schema = createRegistry([longRunning]).jsonSchema('long');

    expect(schema).toMatchObject({
      type: 'object',
      properties: {
        duration: { type: 'number', default: 60, minimum: 0 },
        message: { type: 'string', default: 'Processing...' },
      },
      additionalProperties: false,
    });
  });
});

describe('result schemas and examples', () => {
  const counted = defineTask({
    name: 'counted',
    queue: DEFAULT_QUEUE,
    description: '',
    input: z.object({ items: z.number().int().min(1), label: z.string().default('all') }).strict(),
    result: z.object({ count: z.number() }),
    example: { items: 5 },
    workflow: async (params: { items: number }) => ({ count: params.items }),
  });

  it("describes a task's result schema and its declared example; a task without either has null and a sample", () => {
    const registry = createRegistry([counted, longRunning]);

    expect(registry.describe('counted')).toMatchObject({
      result: { type: 'object', properties: { count: { type: 'number' } }, required: ['count'] },
      example: { items: 5 },
    });
    expect(registry.describe('long')).toMatchObject({ result: null, example: { duration: 60, message: 'Processing...' } });
  });

  it('refuses, at start-up, an example that the task\'s own input schema refuses, naming the task, the field and where it is defined', () => {
    const wrong = defineTask({ ...counted, name: 'wrong_example', example: { items: 0 } }); // wrong-example
    const error = thrownBy(() => createRegistry([wrong]));

    expect(error).toBeInstanceOf(InvalidExampleError);
    expect((error as Error).message).toContain('"wrong_example"');
    expect((error as Error).message).toContain('items:');
    expect((error as Error).message).toContain(`registry.test.ts:${lineOf('wrong-example')}`);
  });
});

