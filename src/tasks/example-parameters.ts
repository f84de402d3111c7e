/** The parts of a JSON Schema a sample is drawn from. */
interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  default?: unknown;
  examples?: unknown[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  exclusiveMinimum?: number;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/**
 * Parameters for a task that declares no example, drawn from the JSON Schema of its input: every
 * field that has a default shows it (so a reader sees what can be tuned), every required field
 * without one gets a placeholder of its type (its first example or allowed value where the schema
 * has one). A placeholder may still need editing (a refinement can refuse it); a task declares an
 * `example` to show a request that is sure to run.
 */
export function sampleParameters(schema: Record<string, unknown>): Record<string, unknown> {
  const sample = sampleOf(schema as SchemaNode);
  return typeof sample === 'object' && sample !== null && !Array.isArray(sample) ? (sample as Record<string, unknown>) : {};
}

function sampleOf(node: SchemaNode): unknown {
  if (node.default !== undefined) return node.default;
  if (node.examples?.length) return node.examples[0];
  if (node.const !== undefined) return node.const;
  if (node.enum?.length) return node.enum[0];
  const branch = node.anyOf?.[0] ?? node.oneOf?.[0];
  if (branch) return sampleOf(branch);
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(node.properties ?? {})
          .filter(([name, property]) => property.default !== undefined || (node.required ?? []).includes(name))
          .map(([name, property]) => [name, sampleOf(property)]),
      );
    case 'array':
      return [];
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return node.minimum ?? (node.exclusiveMinimum === undefined ? 0 : node.exclusiveMinimum + 1);
    case 'boolean':
      return false;
    default:
      return null;
  }
}
