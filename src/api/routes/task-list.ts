import { createHash } from 'node:crypto';
// The package exports no equivalent: `client.workflow.list()` decodes rows the same way but hides the page token the cursor needs.
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { z } from 'zod';
import type { TaskStatus } from '../../tasks/status';
import { parseStatusFilterWord, STATUS_FILTER_HELP, type Vocabulary } from '../legacy-vocabulary';
import type { ApiContext, ZodApp } from '../context';
import { errorResponses } from '../error-body';
import { ApiError } from '../errors';
import { summarizeExecution, taskSummary } from '../task-summary';
import { visibilityQuery } from '../visibility-query';

const GRPC_UNKNOWN = 2;
const GRPC_INVALID_ARGUMENT = 3;
const CURSOR_CHECKSUM_BYTES = 8;

/**
 * A filter value visibility can match: SQLite visibility (the dev server's) mishandles quotes,
 * backslashes and control characters inside a literal however escaped (a NUL fails the query, a
 * quote at either end is dropped), and no task name, queue or submitter Conveyor accepts has them.
 */
const filterValue = z
  .string()
  .max(400)
  .regex(/^[^\u0000-\u001f\u007f'"\\]*$/, 'must not contain quotes, backslashes or control characters');

const listQuery = z
  .object({
    status: z.string().optional().describe(STATUS_FILTER_HELP),
    task_name: filterValue.optional(),
    queue: filterValue.optional(),
    submitter: filterValue.optional(),
    created_after: z.iso.datetime({ offset: true }).optional(),
    created_before: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().optional().describe('next_cursor of the previous page'),
  })
  .strict();

/** GET /tasks: filtered and paged by Temporal visibility, with a real total from a count query. */
export function taskListRoutes(app: ZodApp, ctx: ApiContext): void {
  const dataConverter = ctx.client.options.loadedDataConverter;
  app.get(
    '/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'List tasks',
        querystring: listQuery,
        response: {
          200: z.object({ tasks: z.array(taskSummary), total: z.number(), has_more: z.boolean(), next_cursor: z.string().nullable() }),
          ...errorResponses(400, 401, 503),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = request.principal;
      // Submitters see their own tasks only: the filter is forced, not trusted from the query.
      const submitter = principal.role === 'submitter' ? principal.name : q.submitter;
      const query = visibilityQuery({
        statuses: parseStatuses(q.status, request.vocabulary),
        taskName: q.task_name,
        queue: q.queue,
        submitter,
        createdAfter: q.created_after ? new Date(q.created_after) : undefined,
        createdBefore: q.created_before ? new Date(q.created_before) : undefined,
      });
      const namespace = ctx.client.options.namespace;
      const nextPageToken = decodeCursor(q.cursor);
      const service = ctx.client.workflowService;
      // Both calls settle before the request ends: a failed page must not leave the count retrying
      // against a connection that may be closing.
      const [listed, counted] = await Promise.allSettled([
        service.listWorkflowExecutions({ namespace, query, pageSize: q.limit, nextPageToken }),
        service.countWorkflowExecutions({ namespace, query }),
      ]);
      if (listed.status === 'rejected') {
        if (nextPageToken && (await pageTokenWasTheProblem(listed.reason, () => service.listWorkflowExecutions({ namespace, query, pageSize: 1 })))) {
          throw invalidCursor('not valid for this query; start again without a cursor');
        }
        throw listed.reason;
      }
      if (counted.status === 'rejected') throw counted.reason;
      const [page, count] = [listed.value, counted.value];
      const executions = await Promise.all((page.executions ?? []).map((raw) => executionInfoFromRaw(raw, dataConverter, raw, namespace)));
      const nextToken = page.nextPageToken && page.nextPageToken.length > 0 ? encodeCursor(page.nextPageToken) : null;
      return {
        tasks: executions.map(summarizeExecution),
        total: Number(count.count ?? 0),
        has_more: nextToken !== null,
        next_cursor: nextToken,
      };
    },
  );
}

function parseStatuses(value: string | undefined, vocabulary: Vocabulary): TaskStatus[] {
  if (!value) return [];
  const statuses = value.split(',').flatMap((word) => {
    const terms = parseStatusFilterWord(word, vocabulary);
    if (!terms) {
      throw new ApiError(400, 'invalid_request', `status: "${word.trim()}" is not a status. ${STATUS_FILTER_HELP}`, {
        fields: [{ field: 'querystring.status', message: `unknown status "${word.trim()}"` }],
      });
    }
    // RETRY is a finer reading of `running`; until it is told apart, it matches every running task.
    return terms.map((term) => (term === 'retrying' ? 'running' : term));
  });
  return [...new Set(statuses)];
}

/**
 * A cursor is Temporal's page token followed by a checksum of it, base64url-encoded: a cursor
 * this API did not hand out is refused here (400) instead of reaching Temporal, whose SQL
 * visibility answers a garbage token with a retryable UNKNOWN. One forged with a valid checksum
 * still gets its 400, a second later, from {@link pageTokenWasTheProblem}.
 */
function encodeCursor(token: Uint8Array): string {
  return Buffer.concat([token, cursorChecksum(token)]).toString('base64url');
}

function decodeCursor(cursor: string | undefined): Uint8Array | undefined {
  if (!cursor) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  const token = bytes.subarray(0, bytes.length - CURSOR_CHECKSUM_BYTES);
  if (token.length === 0 || !cursorChecksum(token).equals(bytes.subarray(token.length))) throw invalidCursor('not a cursor this API returned');
  return token;
}

function cursorChecksum(token: Uint8Array): Buffer {
  return createHash('sha256').update(token).digest().subarray(0, CURSOR_CHECKSUM_BYTES);
}

/**
 * Whether a failed page read failed because of its token. Visibility stores refuse a token they
 * cannot read with INVALID_ARGUMENT (SQL) or a bare UNKNOWN: if the same query reads without the
 * token, the token was the caller's mistake (400), not a server fault (500).
 */
async function pageTokenWasTheProblem(error: unknown, readWithoutToken: () => Promise<unknown>): Promise<boolean> {
  const code = (error as { code?: unknown }).code;
  if (code === GRPC_INVALID_ARGUMENT) return true;
  if (code !== GRPC_UNKNOWN) return false;
  try {
    await readWithoutToken();
    return true;
  } catch {
    return false;
  }
}

function invalidCursor(reason: string): ApiError {
  return new ApiError(400, 'invalid_request', `cursor: ${reason}`, { fields: [{ field: 'querystring.cursor', message: reason }] });
}
