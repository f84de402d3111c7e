import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask, type TaskSpec } from './define-task';
import { InvalidTaskOptionError } from './errors';
import { createRegistry } from './registry';

async function noop(): Promise<void> {}
const input = z.object({});
const task = (name: string, versioning: TaskSpec<typeof input, void>['versioning']) => defineTask({ name, queue: 'q', description: name, input, workflow: noop, versioning });

describe("a task type's versioning option, checked when the registry is built", () => {
  it('accepts pinned, auto_upgrade and none', () => {
    expect(() => createRegistry([task('a', 'pinned'), task('b', 'auto_upgrade'), task('c', undefined)])).not.toThrow();
  });

  it.each(['PINNED', 'auto-upgrade', 'sticky'])('refuses %s, naming the task, where it is defined and the option', (value) => {
    const build = () => createRegistry([task('bad', value as never)]);
    expect(build).toThrow(InvalidTaskOptionError);
    expect(build).toThrow(new RegExp(`task type "bad" \\(at .*versioning\\.test\\.ts:\\d+\\): versioning must be "pinned" or "auto_upgrade", not "${value}"`));
  });
});
