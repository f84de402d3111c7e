import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Settings } from '../config';
import type { TaskRegistry } from '../tasks/registry';
import type { ApiMetrics } from './http/metrics';
import type { RateLimits } from './http/rate-limits';
import type { TaskChangeFeed } from '../temporal/tasks/task-change-feed';
import type { TaskStatePolls } from '../temporal/tasks/task-state-polls';

/** What every route module receives. */
export interface ApiContext {
  client: Client;
  registry: TaskRegistry;
  settings: Settings;
  metrics: ApiMetrics;
  /** Open event streams, by whom they serve (for the stream caps); closing the app ends them before the Temporal connection goes. */
  streams: Set<{ principal: string; stop(): void; done: Promise<void> }>;
  /** Changes across tasks, read once for every GET /tasks/events stream. */
  changes: TaskChangeFeed;
  /** Each streamed task's state, read once for all of its GET /tasks/{id}/events streams. */
  taskStates: TaskStatePolls;
  /** Per-principal rate limits (CONVEYOR_SUBMIT_RATE_LIMIT, CONVEYOR_SCHEDULE_RATE_LIMIT), as route preHandlers. */
  rateLimits: RateLimits;
  /** Aborted when the app starts to close: a `?wait=` in flight then answers at once with the task's status. */
  closing: AbortSignal;
}

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
