import type { OpenAPIV3 } from 'openapi-types';
import { z } from 'zod';

/** Where a document's named schemas live; every `$ref` to one starts with this. */
export const COMPONENTS_PREFIX = '#/components/schemas/';

/** The characters OpenAPI allows in a component name. */
const COMPONENT_NAME_CHARACTERS = /[^A-Za-z0-9._-]/g;

/**
 * Named schemas for `components.schemas`, converted from zod as the rest of the document is
 * (OpenAPI 3.0 flavour), each name used once.
 */
export class ComponentSchemas {
  readonly schemas: Record<string, OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject> = {};

  constructor(existing: Record<string, OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject> = {}) {
    Object.assign(this.schemas, existing);
  }

  /**
   * A name made of `parts` (task names may hold `:`, which OpenAPI does not allow in a component
   * name) such that no component is named `<name>.<suffix>` yet for any of `suffixes`.
   */
  freeName(parts: readonly string[], suffixes: readonly string[] = ['']): string {
    const base = parts.map((part) => part.replace(COMPONENT_NAME_CHARACTERS, '_')).join('.');
    const taken = (name: string): boolean => suffixes.some((suffix) => (suffix ? `${name}.${suffix}` : name) in this.schemas);
    let name = base;
    for (let n = 2; taken(name); n++) name = `${base}_${n}`;
    return name;
  }

  /** Adds `schema` under `name`. */
  add(name: string, schema: OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject): OpenAPIV3.ReferenceObject {
    this.schemas[name] = schema;
    return ref(name);
  }

  /**
   * Adds what `schema` accepts (its input side: what a client sends, or what a workflow hands
   * back unparsed) under `name`. Recursive and shared parts zod keeps apart (`definitions`) become
   * components of their own, named after `name`, since a component cannot hold definitions.
   */
  addZod(name: string, schema: z.ZodType): OpenAPIV3.ReferenceObject {
    const converted = z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
    const { definitions, ...root } = converted as { definitions?: Record<string, unknown> };
    this.add(name, {}); // taken before the definitions pick their names
    const hoisted = new Map<string, string>();
    for (const definition of Object.keys(definitions ?? {})) {
      const component = this.freeName([name, definition]);
      this.add(component, {});
      hoisted.set(definition, component);
    }
    const rewrite = (value: unknown): unknown => rewriteDefinitionRefs(value, hoisted);
    for (const [definition, component] of hoisted) this.add(component, rewrite(definitions?.[definition]) as OpenAPIV3.SchemaObject);
    return this.add(name, rewrite(root) as OpenAPIV3.SchemaObject);
  }
}

export function ref(name: string): OpenAPIV3.ReferenceObject {
  return { $ref: `${COMPONENTS_PREFIX}${name}` };
}

/** A copy of `value` whose `#/definitions/x` references point at the components `x` was hoisted to. */
function rewriteDefinitionRefs(value: unknown, hoisted: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteDefinitionRefs(item, hoisted));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      if (key !== '$ref' || typeof child !== 'string' || !child.startsWith('#/definitions/')) return [key, rewriteDefinitionRefs(child, hoisted)];
      const component = hoisted.get(decodeURIComponent(child.slice('#/definitions/'.length)));
      return [key, component === undefined ? child : `${COMPONENTS_PREFIX}${component}`];
    }),
  );
}
