import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask } from '../tasks/define-task';
import { createRegistry } from '../tasks/registry';
import { registrySignature } from './registry-signature';

async function greeting(): Promise<void> {}
async function otherGreeting(): Promise<void> {}

/** A registry of one `greet` task; `change` alters its definition. */
function registryWith(change: Partial<Parameters<typeof defineTask>[0]> = {}, queues: string[] = []) {
  return createRegistry(
    [defineTask({ name: 'greet', queue: 'greetings', description: 'Greets.', input: z.object({ name: z.string() }), workflow: greeting, ...change })],
    queues,
  );
}

describe('registrySignature', () => {
  const before = registrySignature(registryWith());

  it('stays the same for what the API does not serve: where a task is defined, its workflow function', () => {
    const elsewhere = defineTask({ name: 'greet', queue: 'greetings', description: 'Greets.', input: z.object({ name: z.string() }), workflow: greeting });
    expect(elsewhere.definedAt).not.toBe(registryWith().get('greet').definedAt);
    expect(registrySignature(createRegistry([elsewhere]))).toBe(before);
    expect(registrySignature(registryWith({ workflow: otherGreeting }))).toBe(before);
  });

  it('changes with what the API serves: a description, a queue, an input schema, a signal, the retry policy, the queues', () => {
    const changed = [
      registryWith({ description: 'Greets warmly.' }),
      registryWith({ queue: 'other' }),
      registryWith({ input: z.object({ name: z.string().min(1) }) }),
      registryWith({ input: z.object({ name: z.string().default('world') }) }),
      registryWith({ signals: { wave: z.object({ hand: z.string() }) } }),
      registryWith({ retry: { maximumAttempts: 3 } }),
      registryWith({}, ['greetings', 'extra']),
    ].map(registrySignature);
    for (const signature of changed) expect(signature).not.toBe(before);
  });
});
