import type { Command } from 'commander';
import { configOption, projectAtHand, taskApi } from '../context';

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
