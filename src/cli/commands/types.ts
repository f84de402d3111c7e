import type { Command } from 'commander';
import { configOption, projectAtHand, taskApi } from '../context';
import type { TaskTypeDescription } from '../../tasks/registry';

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
}

/**
 * `conveyor types`: every registered task type with its queue, description, parameters, signals
 * and queries; from the application's config when one is at hand, else from the Task API.
 */
export function registerTypesCommand(program: Command): void {
  program
    .command('types')
    .description('list the task types with their queue, description, parameters, signals and queries (from the config at hand, else from the Task API at CONVEYOR_API_URL)')
    .option('--json', 'print JSON')
    .addOption(configOption())
    .action(async (options: { json?: boolean; config?: string }) => {
      const project = await projectAtHand(options);
      const types = project ? project.registry.list().map((task) => project.registry.describe(task.name)) : await taskApi().types();
      if (options.json) {
        console.log(JSON.stringify(types, null, 2));
        return;
      }
      for (const type of types) {
        console.log(`${type.name}  (queue: ${type.queue})`);
        console.log(`  ${type.description}`);
        printFields(type.parameters, '    ');
        for (const [signal, payload] of Object.entries(type.signals)) {
          console.log(`  signal ${signal}:`);
          printFields(payload, '    ');
        }
        console.log(`  queries: ${type.queries.join(', ')}`);
        const flow = flowControlLine(type.flow_control);
        if (flow) console.log(`  flow control: ${flow}`);
        if (type.review) {
          console.log('  review (conveyor review <id>, POST /tasks/{id}/review):');
          printFields(type.review, '    ');
        }
        console.log('');
      }
    });
}

/** One line per property of an object JSON Schema: name, type, and whether it must be given. */
function printFields(schema: Record<string, unknown>, indent: string): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  const required = new Set((schema.required ?? []) as string[]);
  for (const [name, property] of Object.entries(properties)) {
    const kind = property.enum ? property.enum.map(String).join('|') : (property.type ?? 'any');
    const presence = required.has(name) ? 'required' : property.default !== undefined ? `default ${JSON.stringify(property.default)}` : 'optional';
    console.log(`${indent}${name}: ${kind} (${presence})${property.description ? `  ${property.description}` : ''}`);
  }
}

/** A type's flow control in one line, or nothing when it has only the defaults (fair by submitter, always a new task). */
function flowControlLine(flow: TaskTypeDescription['flow_control']): string | undefined {
  const parts = [
    flow.fairness_key === 'parameters' ? 'fairness key from its parameters' : undefined,
    flow.rate_limit === null ? undefined : `${flow.rate_limit} activities/s on its queue`,
    flow.key_rate_limit === null ? undefined : `${flow.key_rate_limit} activities/s per fairness key`,
    flow.concurrency_per_key === null ? undefined : `${flow.concurrency_per_key} running per ${flow.key === 'parameters' ? 'key' : 'fairness key'}`,
    flow.mode === 'singleton' ? `singleton per ${flow.key === 'parameters' ? 'key' : 'fairness key'}` : undefined,
    flow.debounce === null ? undefined : `debounced ${flow.debounce.window_ms / 1000}s${flow.debounce.max_wait_ms === null ? '' : ` (at most ${flow.debounce.max_wait_ms / 1000}s)`}`,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
