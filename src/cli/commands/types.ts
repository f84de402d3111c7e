import type { Command } from 'commander';
import { taskRegistry } from '../../tasks';

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
}

/** `conveyor types`: every registered task type with its queue, description and parameters. */
export function registerTypesCommand(program: Command): void {
  program
    .command('types')
    .description('list the registered task types with their queue, description and parameter schema')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const registry = taskRegistry();
      const types = registry.list().map((task) => ({
        name: task.name,
        queue: task.queue,
        description: task.description,
        parameters: registry.jsonSchema(task.name),
      }));
      if (options.json) {
        console.log(JSON.stringify(types, null, 2));
        return;
      }
      for (const type of types) {
        console.log(`${type.name}  (queue: ${type.queue})`);
        console.log(`  ${type.description}`);
        const properties = (type.parameters.properties ?? {}) as Record<string, JsonSchemaProperty>;
        const required = new Set((type.parameters.required ?? []) as string[]);
        for (const [name, property] of Object.entries(properties)) {
          const kind = property.enum ? property.enum.map(String).join('|') : (property.type ?? 'any');
          const presence = required.has(name) ? 'required' : property.default !== undefined ? `default ${JSON.stringify(property.default)}` : 'optional';
          console.log(`    ${name}: ${kind} (${presence})${property.description ? `  ${property.description}` : ''}`);
        }
        console.log('');
      }
    });
}
