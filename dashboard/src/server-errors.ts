import type { ErrorSchema } from '@rjsf/utils';

/**
 * The API names each failing field (`details.fields`: `parameters.data_size`, `body.parameters.chunk_size`, `body.queue`, …).
 * Those under `parameters` become the form's errors at their fields (nested objects and array
 * items included); the others are listed as they are.
 */
export function serverErrorsByField(details: unknown): { parameters: ErrorSchema | undefined; others: string[] } {
  const fields = (details as { fields?: { field: string; message: string }[] } | undefined)?.fields ?? [];
  let parameters: Record<string, unknown> | undefined;
  const others: string[] = [];
  for (const { field, message } of fields) {
    // The request's schema names fields from the body (`body.parameters.x`), the task's own schema from its parameters.
    const [head, ...path] = field.replace(/^body\./, '').split('.');
    if (head !== 'parameters') {
      others.push(`${field}: ${message}`);
      continue;
    }
    parameters ??= {};
    let node = parameters;
    for (const key of path) node = (node[key] ??= {}) as Record<string, unknown>;
    node.__errors = [...((node.__errors as string[] | undefined) ?? []), message];
  }
  return { parameters: parameters as ErrorSchema | undefined, others };
}
