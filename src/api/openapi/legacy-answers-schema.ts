import type { OpenAPIV3 } from 'openapi-types';
import { TASK_STATUSES } from '../../tasks/status';
import { LEGACY_STATUSES } from '../vocabulary/legacy-vocabulary';

type Schema = OpenAPIV3.SchemaObject;

const LEGACY_ONLY = 'Only under the legacy vocabulary (CONVEYOR_API_VOCABULARY=legacy or `Conveyor-Vocabulary: legacy`).';
const nullable = (type: 'string' | 'number', description: string): Schema => ({ type, nullable: true, description: `${description} ${LEGACY_ONLY}` });

/**
 * The document as strict as the answers under either vocabulary: every schema of a task in an
 * answer (it has `task_id` and a `status` among Conveyor's) also admits the previous system's
 * status words and the old fields `legacy-answers.ts` adds, each optional and said to be so.
 * Conveyor's own words stay the default and the only ones a request may send.
 */
export function withLegacyAnswersDocumented(document: OpenAPIV3.Document): OpenAPIV3.Document {
  const answered = [...new Set(LEGACY_STATUSES.filter((word) => word !== 'deferred'))];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Schema;
    if (describesTask(schema)) extend(schema, answered);
    Object.values(node).forEach(visit);
  };
  visit(document.components?.schemas);
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path ?? {})) {
      if (typeof operation === 'object' && operation !== null && 'responses' in operation) visit((operation as OpenAPIV3.OperationObject).responses);
    }
  }
  return document;
}

function describesTask(schema: Schema): boolean {
  const status = schema.properties?.status as Schema | undefined;
  return schema.type === 'object' && schema.properties?.task_id !== undefined && Array.isArray(status?.enum) && status.enum.includes(TASK_STATUSES[0]);
}

function extend(schema: Schema, answered: readonly string[]): void {
  const properties = schema.properties!;
  const status = properties.status as Schema;
  status.enum = [...new Set([...(status.enum ?? []), ...answered])];
  status.description = `${status.description ? `${status.description} ` : ''}Under the legacy vocabulary one of ${answered.join(', ')}.`;
  properties.status_display = { type: 'string', description: `The status as the previous system's admin page labelled it. ${LEGACY_ONLY}` };
  properties.has_error = { type: 'boolean', description: `Whether the task failed. ${LEGACY_ONLY}` };
  properties.error = nullable('string', 'The failure message of a failed task.');
  if (properties.short_id) properties.short_task_id = { type: 'string', description: `= short_id. ${LEGACY_ONLY}` };
  if (properties.finished_at) {
    properties.completed_at = nullable('string', '= finished_at.');
    properties.date_done = nullable('string', '= finished_at.');
  }
  if (properties.result_available) properties.has_result = { type: 'boolean', description: `= result_available. ${LEGACY_ONLY}` };
  if (properties.parameters) properties.kwargs = { ...(properties.parameters as Schema), description: `= parameters. ${LEGACY_ONLY}` };
  if (properties.created_at) {
    properties.worker = properties.worker ?? nullable('string', 'The worker that last worked on the task; null in list rows.');
    properties.retries = nullable('number', '= attempts - 1; null in list rows.');
  }
}
