import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Settings } from '../config';
import type { TaskRegistry } from '../tasks/registry';
import type { ApiMetrics } from './metrics';
import type { TaskChangeFeed } from './task-change-feed';

/** What every route module receives. */
export interface ApiContext {
  client: Client;
  registry: TaskRegistry;
  settings: Settings;
  metrics: ApiMetrics;
  /** Open event streams; closing the app ends them before the Temporal connection goes. */
  streams: Set<{ stop(): void; done: Promise<void> }>;
  /** Changes across tasks, read once for every GET /tasks/events stream. */
  changes: TaskChangeFeed;
}

export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
