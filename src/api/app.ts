import { setMaxListeners } from 'node:events';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import type { OpenAPIV3 } from 'openapi-types';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Settings } from '../config';
import type { Logger } from '../log';
import type { TaskRegistry } from '../tasks/registry';
import { installAuth } from './http/auth/authenticate';
import { installJsonRequests } from './http/json-requests';
import { installRequestOrigin } from './http/request-origin';
import { installSecurityHeaders } from './http/security-headers';
import { installDashboard } from './http/dashboard-files';
import { installRequestVocabulary } from './vocabulary/request-vocabulary';
import { installLegacyAnswers } from './vocabulary/legacy-answers';
import { withLegacyAnswersDocumented } from './openapi/legacy-answers-schema';
import { LEGACY_STATUSES } from './vocabulary/legacy-vocabulary';
import { TASK_STATUSES } from '../tasks/status';
import type { ApiContext, ZodApp } from './context';
import { clientErrorReply } from './http/node-refusals';
import { frameworkErrorReply, installErrorHandler } from './http/error-handler';
import { requestTimeoutOptions } from './http/request-timeouts';
import { installAllowedMethods } from './http/method-not-allowed';
import { createMetrics } from './http/metrics';
import { withErrorResponses } from './openapi/error-responses';
import { withTaskContract } from './openapi/task-contract';
import { withScheduleContract } from './openapi/schedule-contract';
import { withLinks } from './openapi/links';
import { withJsonBodies } from './openapi/json-bodies';
import { TaskChangeFeed } from '../temporal/tasks/task-change-feed';
import { TaskStatePolls } from '../temporal/tasks/task-state-polls';
import { createRateLimits } from './http/rate-limits';
import { healthRoutes } from './routes/system/health';
import { scheduleActionRoutes } from './routes/schedules/actions';
import { scheduleRoutes } from './routes/schedules/collection';
import { alertRoutes } from './routes/system/alerts';
import { failureRoutes } from './routes/system/failures';
import { meRoutes } from './routes/system/me';
import { submitRoutes } from './routes/tasks/submit';
import { taskCancelRoutes } from './routes/tasks/cancel';
import { taskRetryRoutes } from './routes/tasks/retry';
import { taskEventsRoutes } from './routes/tasks/events';
import { taskHistoryRoutes } from './routes/tasks/history';
import { taskInteractionRoutes } from './routes/tasks/interactions';
import { taskBatchRoutes } from './routes/tasks/batch';
import { taskListRoutes } from './routes/tasks/list';
import { taskResultRoutes } from './routes/tasks/result';
import { taskReviewRoutes } from './routes/tasks/review';
import { taskStatusRoutes } from './routes/tasks/status';
import { taskTypesRoutes } from './routes/tasks/types';
import { workersRoutes } from './routes/system/workers';
import { queueRoutes } from './routes/system/queues';

/** The document's introduction: what every route shares and the schemas alone cannot say. */
const API_DESCRIPTION = [
  'Submit durable background tasks and follow them.',
  '',
  `**Vocabulary.** Answers use Conveyor's statuses (${TASK_STATUSES.join(', ')}) unless the API runs with CONVEYOR_API_VOCABULARY=legacy ` +
    'or the request sends `Conveyor-Vocabulary: legacy`; `Conveyor-Vocabulary: conveyor` asks for Conveyor\'s words from a legacy API. ' +
    `Under the legacy vocabulary every task in an answer (and in event streams) has the previous task system's status words (${LEGACY_STATUSES.filter((word) => word !== 'deferred').join(', ')}) ` +
    'and its fields besides Conveyor\'s: `status_display`, `short_task_id` (= short_id), `completed_at` and `date_done` (= finished_at), `has_result` (= result_available), ' +
    '`has_error`, `error` (the failure message of a failed task), `kwargs` (= parameters), `worker` and `retries` (= attempts - 1; both null in list rows); ' +
    'a submit\'s `priority` is read on the old 0-10 scale (higher first, 5 normal).',
].join('\n');

/**
 * How long one plugin may take to load before the API refuses to start. Fastify's default, 10 s,
 * is for a hung plugin; the API's plugins load in about 0.2 s, but a starved host (a throttled
 * container, a loaded 2-core machine) has taken longer than 10 s, and the API then failed to start.
 */
export const PLUGIN_TIMEOUT_MS = 60_000;

/** Longest path parameter, in URL characters, Fastify routes; route schemas set the real limits. */
const MAX_PATH_PARAM_LENGTH = 4096;

export interface AppDeps {
  client: Client;
  registry: TaskRegistry;
  settings: Settings;
  log: Logger;
}

/** Builds the API without listening: tests use `inject` or listen on port 0. */
export async function buildApp(deps: AppDeps): Promise<ZodApp> {
  const loggerInstance: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance,
    bodyLimit: deps.settings.api.bodyLimitBytes,
    ...requestTimeoutOptions(deps.settings.api.requestTimeoutMs),
    clientErrorHandler: clientErrorReply,
    // Task ids may be Temporal's 1000 bytes, three times that percent-encoded; Fastify's default is 100.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: frameworkErrorReply,
    // One log line per request is noise at task-API volume; the error handler logs server faults.
    logController: new LogController({ disableRequestLogging: true }),
    // Secrets travel in headers; never echo them into logs.
    genReqId: () => crypto.randomUUID(),
    pluginTimeout: PLUGIN_TIMEOUT_MS,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const closing = new AbortController();
  // Every result wait in flight listens to it (and stops listening when it ends): as many listeners
  // as waits, past the default of 10 that would warn of a leak.
  setMaxListeners(0, closing.signal);
  const ctx: ApiContext = {
    client: deps.client,
    registry: deps.registry,
    settings: deps.settings,
    metrics: createMetrics(),
    streams: new Set(),
    changes: new TaskChangeFeed(deps.client, deps.log),
    taskStates: new TaskStatePolls(deps.client),
    // First of all registrations of @fastify/rate-limit: its limiters stay its own (see createRateLimits).
    rateLimits: await createRateLimits(app, deps.settings.api),
    closing: closing.signal,
  };
  // Hijacked event streams outlive Fastify's own request tracking: end them, and wait for their
  // loops, so no call reaches Temporal after the caller closes the connection. Before the server
  // closes (preClose): it waits for every open connection, and a stream's stays open until it ends.
  // Result waits answer at once with the task's status (202), as when their wait is over: the
  // client asks again, of the next server, rather than holding this one's stop.
  app.addHook('preClose', async () => {
    closing.abort();
    const streams = [...ctx.streams];
    for (const stream of streams) stream.stop();
    await Promise.all(streams.map((stream) => stream.done));
    await ctx.changes.close();
    await ctx.taskStates.close();
  });
  // A request in flight when the app closes leaves its connection open for keep-alive: the
  // client's next request on it would meet a closing server (a 503), or in `conveyor dev` the
  // previous worker process instead of the new one, and the close would wait for it to time out.
  // Its answer asks the client to close it.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing.signal.aborted) void reply.header('connection', 'close');
    done(null, payload);
  });
  // Before any route is added: it collects each path's methods, for 405 and its Allow header.
  installErrorHandler(app, installAllowedMethods(app));
  // Bodies are JSON; Fastify's built-in text/plain parser would turn a wrong content type into a 400 instead of a 415.
  app.removeContentTypeParser('text/plain');
  // Before auth: refusals carry the headers, and a page elsewhere is refused before credentials are read.
  installSecurityHeaders(app);
  installRequestOrigin(app, deps.settings.api);
  installJsonRequests(app);
  installAuth(app, deps.settings.api, ctx.metrics);
  installRequestVocabulary(app, deps.settings.api.vocabulary);
  installLegacyAnswers(app);
  app.addHook('onResponse', (request, reply, done) => {
    ctx.metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Conveyor Task API', version: '1.0.0', description: API_DESCRIPTION },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key from CONVEYOR_API_KEYS' },
          basic: { type: 'http', scheme: 'basic', description: 'A user from CONVEYOR_USERS' },
        },
      },
      // With auth off, no request needs credentials, and the document must not ask for them.
      security: deps.settings.api.auth === 'none' ? [] : [{ bearer: [] }, { basic: [] }],
    },
    transform: jsonSchemaTransform,
    // Each task type's parameters, result and example come from the registry this app serves:
    // an application's own tasks, known only now.
    transformObject: (document) => {
      if (!('openapiObject' in document)) throw new Error('the Task API documents itself as OpenAPI 3');
      return withLinks(withJsonBodies(withLegacyAnswersDocumented(withErrorResponses(withScheduleContract(withTaskContract(document.openapiObject as OpenAPIV3.Document, deps.registry))))));
    },
  });
  // Added before the docs UI registers its routes: an onRoute hook sees only routes added after it.
  app.addHook('onRoute', (route) => {
    // The docs UI and its assets are public, like the document they show.
    if (route.url.startsWith('/docs')) route.config = { ...(route.config as object), access: 'public' };
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  for (const routes of [
    submitRoutes,
    taskListRoutes,
    taskBatchRoutes,
    taskTypesRoutes,
    workersRoutes,
    queueRoutes,
    failureRoutes,
    alertRoutes,
    taskEventsRoutes,
    taskStatusRoutes,
    taskResultRoutes,
    taskCancelRoutes,
    taskRetryRoutes,
    taskInteractionRoutes,
    scheduleRoutes,
    scheduleActionRoutes,
    taskReviewRoutes,
    taskHistoryRoutes,
    meRoutes,
    healthRoutes,
  ]) {
    routes(app, ctx);
  }
  await installDashboard(app);
  return app;
}
