import type { FastifyInstance } from 'fastify';
import { TASK_STATUSES, type TaskStatus } from '../../tasks/status';
import type { Vocabulary } from '../../vocabulary';
import { legacyStatus, legacyStatusDisplay } from './legacy-vocabulary';

type Answer = Record<string, unknown>;

/**
 * An answer as the previous task system's clients read it: each task in it speaks the old status
 * words and carries the old field names, derived from Conveyor's own fields (never stored twice).
 * Anything that describes no task passes unchanged.
 */
export function inLegacyWords(answer: unknown): unknown {
  if (!isRecord(answer)) return answer;
  if (Array.isArray(answer.tasks)) return { ...answer, tasks: answer.tasks.map(inLegacyWords) };
  return describesTask(answer) ? legacyTask(answer) : answer;
}

/** The answer in the words a request is answered in. */
export function answerIn(vocabulary: Vocabulary): (answer: unknown) => unknown {
  return vocabulary === 'legacy' ? inLegacyWords : (answer) => answer;
}

/** A status as an event name, in the words a request is answered in. */
export function statusWordIn(vocabulary: Vocabulary, status: TaskStatus): string {
  return vocabulary === 'legacy' ? legacyStatus(status) : status;
}

/**
 * Every JSON answer of a request under the legacy vocabulary goes out in the old words: the
 * routes and their response schemas speak Conveyor's only, and this is the one place that maps.
 */
export function installLegacyAnswers(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.vocabulary !== 'legacy' || reply.statusCode >= 400 || typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('application/json')) {
      done(null, payload);
      return;
    }
    done(null, JSON.stringify(inLegacyWords(JSON.parse(payload))));
  });
}

function legacyTask(task: Answer & { status: TaskStatus }): Answer {
  const word = legacyStatus(task.status);
  const hasError = word === 'failed';
  const legacy: Answer = { status: word, status_display: legacyStatusDisplay(task.status), has_error: hasError };
  if ('short_id' in task) legacy.short_task_id = task.short_id;
  if ('finished_at' in task) legacy.completed_at = legacy.date_done = task.finished_at;
  if ('result_available' in task) legacy.has_result = task.result_available;
  if ('parameters' in task) legacy.kwargs = task.parameters;
  if ('failure' in task || hasError) legacy.error = hasError ? failureMessage(task.failure) : null;
  // A task's page and a list row: the old page reads these on both, even where only the page knows them.
  if ('created_at' in task) {
    legacy.worker = typeof task.worker === 'string' ? task.worker : null;
    legacy.retries = typeof task.attempts === 'number' ? task.attempts - 1 : null;
  }
  return { ...task, ...legacy };
}

/** The failure as one line: its message, then its causes' (an activity's failure says what went wrong in its cause). */
function failureMessage(failure: unknown): string | null {
  if (!isRecord(failure) || typeof failure.message !== 'string') return null;
  const causes = Array.isArray(failure.causes) ? failure.causes.filter(isRecord).map((cause) => cause.message).filter((m) => typeof m === 'string') : [];
  return [failure.message, ...causes].join(': ');
}

function describesTask(answer: Answer): answer is Answer & { status: TaskStatus } {
  return typeof answer.task_id === 'string' && (TASK_STATUSES as readonly unknown[]).includes(answer.status);
}

function isRecord(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
