import type { OpenAPIV3 } from 'openapi-types';

type Method = 'get' | 'post' | 'delete';

/** An operation of the document, by its path template and method. */
interface Operation {
  path: string;
  method: Method;
}

/** An operation an answer leads to: its link's name, and the parameter the id fills. */
interface FollowUp extends Operation {
  name: string;
  in: 'path' | 'query';
  parameter: string;
}

/** Answers that name a resource, and the runtime expression that reads its id from them. */
interface LinkSource extends Operation {
  statuses: readonly string[];
  id: string;
}

/** What a client does with a task it holds: read it (all its views), act on it, cancel it. */
const TASK_FOLLOW_UPS: readonly FollowUp[] = [
  { name: 'GetTask', path: '/tasks/{id}', method: 'get', in: 'path', parameter: 'id' },
  { name: 'GetTaskStatus', path: '/tasks/{id}/status', method: 'get', in: 'path', parameter: 'id' },
  { name: 'GetTaskResult', path: '/tasks/{id}/result', method: 'get', in: 'path', parameter: 'id' },
  { name: 'GetTaskHistory', path: '/tasks/{id}/history', method: 'get', in: 'path', parameter: 'id' },
  { name: 'ReviewTask', path: '/tasks/{id}/review', method: 'post', in: 'path', parameter: 'id' },
  { name: 'SignalTask', path: '/tasks/{id}/signals/{name}', method: 'post', in: 'path', parameter: 'id' },
  { name: 'QueryTask', path: '/tasks/{id}/queries/{name}', method: 'get', in: 'path', parameter: 'id' },
  { name: 'CancelTask', path: '/tasks/{id}/cancel', method: 'post', in: 'path', parameter: 'id' },
  { name: 'ResetTask', path: '/tasks/{id}/reset', method: 'post', in: 'path', parameter: 'id' },
  { name: 'RetryTask', path: '/tasks/{id}/retry', method: 'post', in: 'path', parameter: 'id' },
  { name: 'CancelTaskByDelete', path: '/tasks/{id}', method: 'delete', in: 'path', parameter: 'id' },
];

/** What a client does with a schedule it holds; each run it starts is a task, found by its schedule_id. */
const SCHEDULE_FOLLOW_UPS: readonly FollowUp[] = [
  { name: 'GetSchedule', path: '/schedules/{id}', method: 'get', in: 'path', parameter: 'id' },
  { name: 'PauseSchedule', path: '/schedules/{id}/pause', method: 'post', in: 'path', parameter: 'id' },
  { name: 'ResumeSchedule', path: '/schedules/{id}/resume', method: 'post', in: 'path', parameter: 'id' },
  { name: 'TriggerSchedule', path: '/schedules/{id}/trigger', method: 'post', in: 'path', parameter: 'id' },
  { name: 'ListScheduleRuns', path: '/tasks', method: 'get', in: 'query', parameter: 'schedule_id' },
  { name: 'DeleteSchedule', path: '/schedules/{id}', method: 'delete', in: 'path', parameter: 'id' },
];

/** The id as a task or schedule answer names it (the full id, which every route takes). */
const TASK_ID = '$response.body#/task_id';
const SCHEDULE_ID = '$response.body#/schedule_id';
/** The id the request named, for answers that do not repeat it. */
const REQUEST_ID = '$request.path.id';

const TASK_SOURCES: readonly LinkSource[] = [
  // A list's first row: how a caller who submitted nothing (a viewer) reaches a task.
  { path: '/tasks', method: 'get', statuses: ['200'], id: '$response.body#/tasks/0/task_id' },
  ...['/tasks', '/tasks/submit'].map((path) => ({ path, method: 'post' as const, statuses: ['201', '200'], id: TASK_ID })),
  { path: '/tasks/{id}', method: 'get', statuses: ['200'], id: TASK_ID },
  { path: '/tasks/{id}/cancel', method: 'post', statuses: ['200', '202'], id: TASK_ID },
  { path: '/tasks/{id}', method: 'delete', statuses: ['200', '202'], id: TASK_ID },
  { path: '/tasks/{id}/review', method: 'post', statuses: ['200'], id: TASK_ID },
  { path: '/tasks/{id}/reset', method: 'post', statuses: ['200'], id: TASK_ID },
  // The new task a retry started (or the singleton of its type and key it met).
  { path: '/tasks/{id}/retry', method: 'post', statuses: ['201', '200'], id: TASK_ID },
  { path: '/tasks/{id}/signals/{name}', method: 'post', statuses: ['202'], id: REQUEST_ID },
];

const SCHEDULE_SOURCES: readonly LinkSource[] = [
  { path: '/schedules', method: 'get', statuses: ['200'], id: '$response.body#/schedules/0/schedule_id' },
  { path: '/schedules', method: 'post', statuses: ['201'], id: SCHEDULE_ID },
  { path: '/schedules/{id}', method: 'get', statuses: ['200'], id: SCHEDULE_ID },
  { path: '/schedules/{id}/pause', method: 'post', statuses: ['200'], id: SCHEDULE_ID },
  { path: '/schedules/{id}/resume', method: 'post', statuses: ['200'], id: SCHEDULE_ID },
  { path: '/schedules/{id}/trigger', method: 'post', statuses: ['202'], id: SCHEDULE_ID },
  // After a delete, the schedule is gone: reading it again must say so (404).
  { path: '/schedules/{id}', method: 'delete', statuses: ['200'], id: SCHEDULE_ID },
];

/** A link's `operationRef`: the operation's JSON pointer in this document. */
export function operationRef({ path, method }: Operation): string {
  return `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}`;
}

/**
 * The document with OpenAPI links on the answers that name a task or a schedule: how a client
 * goes on from a submit or a schedule's creation to everything it can do with what it created.
 * Stateful testers (schemathesis) follow them to chain real calls. A link whose source or target
 * the document lacks is left out, so an API without some route documents no dangling link.
 */
export function withLinks(document: OpenAPIV3.Document): OpenAPIV3.Document {
  const result = structuredClone(document);
  const operation = ({ path, method }: Operation): OpenAPIV3.OperationObject | undefined => result.paths[path]?.[method];
  const link = (source: LinkSource, followUps: readonly FollowUp[]): [string, OpenAPIV3.LinkObject][] =>
    followUps
      .filter((target) => operation(target))
      .map((target) => [target.name, { operationRef: operationRef(target), parameters: { [`${target.in}.${target.parameter}`]: source.id } }]);

  for (const [sources, followUps] of [
    [TASK_SOURCES, TASK_FOLLOW_UPS],
    [SCHEDULE_SOURCES, SCHEDULE_FOLLOW_UPS],
  ] as const) {
    for (const source of sources) {
      for (const status of source.statuses) {
        const answer = operation(source)?.responses[status];
        if (!answer || '$ref' in answer) continue;
        answer.links = { ...answer.links, ...Object.fromEntries(link(source, followUps)) };
      }
    }
  }
  return result;
}
