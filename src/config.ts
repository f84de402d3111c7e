import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { durationMs } from './duration';
import { DURABILITY_LEVELS, type Durability } from './durability';
import { VOCABULARIES, type Vocabulary } from './vocabulary';
import { SettingsError } from './settings-error';
import { FAIRNESS_WEIGHT_MAX, FAIRNESS_WEIGHT_MIN } from './tasks/fairness-weight';

/**
 * Every setting a Conveyor process reads, from the environment, validated once.
 *
 * Temporal connection settings follow Temporal's own conventions (`TEMPORAL_ADDRESS`,
 * `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, `TEMPORAL_TLS_*`) and are read by
 * `@temporalio/envconfig`; this module only decides whether a cluster is given or the
 * embedded dev server is ours to start.
 */
export interface Settings {
  /** Where the embedded dev server keeps its SQLite file (and other local state). */
  dataDir: string;
  /** `external` when TEMPORAL_ADDRESS names a cluster; `embedded` when Conveyor runs the dev server. */
  temporalMode: 'embedded' | 'external';
  namespace: string;
  devServer: { host: string; port: number; uiPort: number; cliPath: string | undefined; durability: Durability };
  worker: {
    queues: string[] | undefined;
    concurrency: number;
    shutdownGraceMs: number;
    workflowBundlePath: string | undefined;
    /** Port of the worker's `GET /health` (CONVEYOR_WORKER_HEALTH_PORT); none when unset. */
    healthPort: number | undefined;
    /** Port of the SDK's Prometheus exporter, `GET /metrics` (CONVEYOR_WORKER_METRICS_PORT); none when unset. */
    metricsPort: number | undefined;
    /**
     * The Worker Deployment version the worker polls as (CONVEYOR_WORKER_DEPLOYMENT_NAME and
     * CONVEYOR_WORKER_BUILD_ID, both or neither): Temporal's Worker Versioning, docs/deployment/safe-deploys.md.
     * Unversioned when unset.
     */
    deployment: { name: string; buildId: string } | undefined;
  };
  /**
   * Fairness weights per fairness key (CONVEYOR_FAIRNESS_WEIGHTS, `key=weight,...`): a key of
   * weight 2 gets twice the share of a queue of a key of weight 1 (the default). Workers apply
   * them to the queues they serve at start.
   */
  fairnessWeights: Record<string, number>;
  /** Webhook alerts on failed, timed-out and stuck tasks and missed schedule runs; sent by workers. */
  alerts: AlertSettings;
  log: { level: LogLevel; format: 'pretty' | 'json' };
  /** `conveyor dev`'s own behaviour. */
  dev: {
    /** Multiplies the wait before a crashed child is started again (CONVEYOR_DEV_RESTART_BACKOFF_SCALE; 1 unless tests shorten it). */
    restartBackoffScale: number;
  };
  api: {
    host: string;
    port: number;
    auth: 'none' | 'keys';
    /** Serve without auth on a non-loopback address anyway (CONVEYOR_AUTH_ALLOW_INSECURE). */
    allowInsecure: boolean;
    /** Bearer API keys and Basic users; secrets stay in here and are never logged. */
    credentials: Credential[];
    bodyLimitBytes: number;
    /** Longest a client may take to send a whole request, headers and body (CONVEYOR_API_REQUEST_TIMEOUT). */
    requestTimeoutMs: number;
    /** Upper bound for `GET /tasks/{id}/result?wait=`. */
    maxResultWaitMs: number;
    /** The status words answered by default (CONVEYOR_API_VOCABULARY): Conveyor's, or the previous task system's. */
    vocabulary: Vocabulary;
    /** Who may read `GET /metrics` (CONVEYOR_METRICS_ACCESS): admins by default; `read` lets a viewer key scrape. */
    metricsAccess: 'admin' | 'read' | 'public';
    /** Who may read `GET /workers` and its alias (CONVEYOR_WORKERS_ACCESS): worker identities are `pid@hostname`. */
    workersAccess: 'admin' | 'read';
    /** The Temporal Web UI the dashboard links executions to (CONVEYOR_TEMPORAL_UI_URL; the embedded dev server's by default). */
    temporalUiUrl: string | undefined;
    /**
     * Host names the API answers besides loopback's (CONVEYOR_API_ALLOWED_HOSTS): the public names a
     * browser reaches it by. A request naming any other `Host` is refused (DNS rebinding); `*` answers every name.
     */
    allowedHosts: string[];
    /** Whether a submitter may decide a review of their own task (CONVEYOR_REVIEW_ALLOW_SELF; admins always may). */
    reviewAllowSelf: boolean;
    /** Live streams: at most this many open per principal (CONVEYOR_STREAMS_PER_PRINCIPAL), and in all (CONVEYOR_STREAMS_MAX). */
    streamsPerPrincipal: number;
    streamsMax: number;
    /** How long one live stream stays open before the server ends it and the client reconnects (CONVEYOR_STREAM_MAX_LIFETIME). */
    streamMaxLifetimeMs: number;
    /** The most executions one list request may describe one by one (CONVEYOR_LIST_MAX_DESCRIBES): `status=RETRY`, deep offsets. */
    listMaxDescribes: number;
    /** Submits per principal per minute (CONVEYOR_SUBMIT_RATE_LIMIT). */
    submitRateLimitPerMinute: number;
    /** Schedules created per principal per minute (CONVEYOR_SCHEDULE_RATE_LIMIT). */
    scheduleRateLimitPerMinute: number;
    /** Failed sign-ins per client address, and per user name, per minute before 429 (CONVEYOR_AUTH_FAILURE_LIMIT). */
    authFailureLimitPerMinute: number;
  };
  /** How the CLI's `tasks` commands reach the Task API. */
  apiClient: {
    /** Base URL, without a trailing slash (CONVEYOR_API_URL; default: this machine's API). */
    url: string;
    /** Bearer key sent with every request (CONVEYOR_API_KEY); never printed or logged. */
    key: string | undefined;
  };
  /**
   * OpenTelemetry traces, exported over OTLP: on when OTEL_EXPORTER_OTLP_ENDPOINT or
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (and OTEL_SDK_DISABLED, OTEL_TRACES_EXPORTER do not
   * turn them off); undefined otherwise, and then nothing is set up. The exporter reads the rest of
   * the standard OTEL_* variables itself (headers, timeout, batching, sampling, resource attributes).
   */
  tracing: TracingSettings | undefined;
}

export interface TracingSettings {
  /** How spans are sent (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL): protobuf by default, as the specification says. */
  protocol: OtlpProtocol;
}

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export type Role = 'admin' | 'submitter' | 'viewer';

export interface Credential {
  kind: 'api-key' | 'user';
  name: string;
  role: Role;
  secret: string;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export { SettingsError };

const port = z.coerce.number().int().min(1).max(65535);
/** A duration setting, read as everywhere in Conveyor: a bare number is seconds (`30`), else `30s`, `5m`, `1500ms`. */
const duration = z.string().transform((value, ctx) => {
  try {
    return durationMs(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (examples: 30s, 2m, 1500ms; a bare number is seconds)` });
    return z.NEVER;
  }
});
const queueList = z
  .string()
  .transform((value) => value.split(',').map((q) => q.trim()).filter((q) => q.length > 0))
  .refine((queues) => queues.length > 0, 'must name at least one queue');

/** Host names, comma-separated, compared without case and port; `*` alone means every name. */
const hostList = z
  .string()
  .transform((value) => value.split(',').map((host) => host.trim().toLowerCase()).filter((host) => host.length > 0))
  .refine((hosts) => hosts.length > 0, 'must name at least one host (or * for any)')
  .refine((hosts) => hosts.every((host) => host === '*' || /^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(host)), 'must be host names without scheme or port (example: tasks.example.com,conveyor-api)');

/** `key=weight,...`; a key may hold `=` (the weight follows the last one) but not a comma. */
const fairnessWeights = z.string().transform((value, ctx) => {
  const weights: Record<string, number> = {};
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .forEach((entry, index) => {
      const at = entry.lastIndexOf('=');
      const key = entry.slice(0, at).trim();
      const weight = Number(entry.slice(at + 1).trim());
      if (at <= 0 || !key || !Number.isFinite(weight) || weight < FAIRNESS_WEIGHT_MIN || weight > FAIRNESS_WEIGHT_MAX || Buffer.byteLength(key) > 64) {
        ctx.addIssue({ code: 'custom', message: `entry ${index + 1} is not key=weight with a key of at most 64 bytes and a weight from ${FAIRNESS_WEIGHT_MIN} to ${FAIRNESS_WEIGHT_MAX} (example: acme=2,free-tier=0.5)` });
        return;
      }
      weights[key] = weight;
    });
  return weights;
});

/** What an alert is about. */
export const ALERT_EVENTS = ['task_failed', 'task_timed_out', 'task_stuck', 'schedule_missed'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface AlertSettings {
  /** Where alerts are POSTed (CONVEYOR_ALERT_WEBHOOK_URL); none are sent when unset. Never logged: such URLs often hold a token. */
  webhookUrl: string | undefined;
  /** Signs each alert's body with HMAC-SHA256 (CONVEYOR_ALERT_WEBHOOK_SECRET); never logged. */
  webhookSecret: string | undefined;
  /** Only tasks of these types (CONVEYOR_ALERT_TASK_NAMES); empty: every type. */
  taskNames: string[];
  /** The events alerted on (CONVEYOR_ALERT_EVENTS); every one by default. */
  events: AlertEvent[];
  /** How long a task's workflow task must have kept failing before it is alerted as stuck (CONVEYOR_ALERT_STUCK_AFTER). */
  stuckAfterMs: number;
  /** How often Temporal is looked at for new alerts (CONVEYOR_ALERT_CHECK_INTERVAL). */
  checkIntervalMs: number;
}

const nameList = z
  .string()
  .transform((value) => value.split(',').map((name) => name.trim()).filter((name) => name.length > 0))
  .refine((names) => names.length > 0, 'must name at least one');

const alertEvents = nameList.refine((events) => events.every((event) => (ALERT_EVENTS as readonly string[]).includes(event)), `must name events among ${ALERT_EVENTS.join(', ')}`);

const otlpEndpoint = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. http://127.0.0.1:4318' });
const otlpProtocol = z.enum(OTLP_PROTOCOLS, { error: 'must be http/protobuf or http/json (grpc is not supported: use the collector\'s OTLP/HTTP port, 4318)' });

const envSchema = z.object({
  CONVEYOR_DATA_DIR: z.string().min(1).default('./.conveyor'),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  CONVEYOR_TEMPORAL_HOST: z.string().min(1).default('127.0.0.1'),
  CONVEYOR_TEMPORAL_PORT: port.default(7233),
  CONVEYOR_TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  CONVEYOR_TEMPORAL_DURABILITY: z.enum(DURABILITY_LEVELS).default('process-crash'),
  CONVEYOR_WORKER_QUEUES: queueList.optional(),
  CONVEYOR_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(100),
  CONVEYOR_SHUTDOWN_GRACE: duration.default(30_000),
  CONVEYOR_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  CONVEYOR_WORKER_HEALTH_PORT: port.optional(),
  CONVEYOR_WORKER_METRICS_PORT: port.optional(),
  // Temporal names a version `<deployment name>.<build id>`: the name takes no dot.
  CONVEYOR_WORKER_DEPLOYMENT_NAME: z.string().max(255).regex(/^[^.\s]+$/, 'must have no dot or white space (example: conveyor-workers)').optional(),
  CONVEYOR_WORKER_BUILD_ID: z.string().max(255).regex(/^\S+$/, 'must have no white space (example: the image tag, 1.4.0)').refine((id) => id !== '__unversioned__', 'is the name Temporal keeps for unversioned workers').optional(),
  CONVEYOR_FAIRNESS_WEIGHTS: fairnessWeights.optional(),
  // The URL's own text never appears in the refusal: a webhook URL often holds a token.
  CONVEYOR_ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  CONVEYOR_ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CONVEYOR_ALERT_TASK_NAMES: nameList.optional(),
  CONVEYOR_ALERT_EVENTS: alertEvents.optional(),
  CONVEYOR_ALERT_STUCK_AFTER: duration.pipe(z.number().int().min(1000, 'must be at least 1s')).default(10 * 60_000),
  CONVEYOR_ALERT_CHECK_INTERVAL: duration.pipe(z.number().int().min(1000, 'must be at least 1s')).default(30_000),
  CONVEYOR_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  CONVEYOR_LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  CONVEYOR_DEV_RESTART_BACKOFF_SCALE: z.coerce.number().gt(0, 'must be above 0').max(1, 'must be at most 1 (it only shortens the back-off)').default(1),
  CONVEYOR_API_HOST: z.string().min(1).default('127.0.0.1'),
  CONVEYOR_API_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  CONVEYOR_AUTH: z.enum(['none', 'keys']).default('none'),
  CONVEYOR_AUTH_ALLOW_INSECURE: z.enum(['true', 'false']).default('false'),
  CONVEYOR_API_KEYS: credentialList('CONVEYOR_API_KEYS').optional(),
  CONVEYOR_USERS: credentialList('CONVEYOR_USERS').optional(),
  CONVEYOR_API_BODY_LIMIT: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  CONVEYOR_RESULT_WAIT_MAX: duration.default(60_000),
  CONVEYOR_API_REQUEST_TIMEOUT: duration.pipe(z.number().int().min(1000, 'must be at least 1s')).default(30_000),
  CONVEYOR_API_VOCABULARY: z.enum(VOCABULARIES).default('conveyor'),
  CONVEYOR_METRICS_ACCESS: z.enum(['admin', 'read', 'public']).default('admin'),
  CONVEYOR_WORKERS_ACCESS: z.enum(['admin', 'read']).default('admin'),
  CONVEYOR_TEMPORAL_UI_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. http://127.0.0.1:8233' }).optional(),
  CONVEYOR_API_ALLOWED_HOSTS: hostList.optional(),
  CONVEYOR_REVIEW_ALLOW_SELF: z.enum(['true', 'false']).default('false'),
  CONVEYOR_STREAMS_PER_PRINCIPAL: z.coerce.number().int().min(1).max(100_000).default(20),
  CONVEYOR_STREAMS_MAX: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  CONVEYOR_STREAM_MAX_LIFETIME: duration.pipe(z.number().int().min(1000, 'must be at least 1s')).default(30 * 60_000),
  CONVEYOR_LIST_MAX_DESCRIBES: z.coerce.number().int().min(1).max(10_000).default(500),
  CONVEYOR_SUBMIT_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  CONVEYOR_SCHEDULE_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(60),
  CONVEYOR_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(10),
  CONVEYOR_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, e.g. http://127.0.0.1:8000' })
    .optional(),
  CONVEYOR_API_KEY: z.string().min(1).optional(),
  // OpenTelemetry's own variables, read by its exporter; checked here so a bad one stops the process naming it.
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol.optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none'], { error: 'must be otlp or none (Conveyor exports traces over OTLP only)' }).default('otlp'),
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
});

/** `name:role:secret,...`; the message never repeats the secret. */
function credentialList(variable: string) {
  return z.string().transform((value, ctx) => {
    const entries: { name: string; role: Role; secret: string }[] = [];
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .forEach((entry, index) => {
        const [name, role, ...rest] = entry.split(':');
        const secret = rest.join(':');
        if (!name || !secret || !['admin', 'submitter', 'viewer'].includes(role ?? '')) {
          ctx.addIssue({ code: 'custom', message: `entry ${index + 1} of ${variable} is not name:role:secret with role admin, submitter or viewer` });
          return;
        }
        entries.push({ name, role: role as Role, secret });
      });
    return entries;
  });
}

/** Reads and validates the settings; throws {@link SettingsError} naming every bad variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // An empty variable means "not set", as shells and compose files commonly produce them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.CONVEYOR_AUTH === 'keys' && !e.CONVEYOR_API_KEYS?.length && !e.CONVEYOR_USERS?.length) {
    throw new SettingsError(['CONVEYOR_AUTH: is keys, but neither CONVEYOR_API_KEYS nor CONVEYOR_USERS names anyone']);
  }
  if (!e.CONVEYOR_WORKER_DEPLOYMENT_NAME !== !e.CONVEYOR_WORKER_BUILD_ID) {
    const [missing, given] = e.CONVEYOR_WORKER_BUILD_ID ? ['CONVEYOR_WORKER_DEPLOYMENT_NAME', 'CONVEYOR_WORKER_BUILD_ID'] : ['CONVEYOR_WORKER_BUILD_ID', 'CONVEYOR_WORKER_DEPLOYMENT_NAME'];
    throw new SettingsError([`${missing}: is required with ${given} (a versioned worker needs both; set neither for an unversioned one)`]);
  }
  if (e.CONVEYOR_ALERT_WEBHOOK_SECRET && !e.CONVEYOR_ALERT_WEBHOOK_URL) {
    throw new SettingsError(['CONVEYOR_ALERT_WEBHOOK_SECRET: is set, but CONVEYOR_ALERT_WEBHOOK_URL is not: there is nothing to sign']);
  }
  return {
    dataDir: path.resolve(e.CONVEYOR_DATA_DIR),
    temporalMode: e.TEMPORAL_ADDRESS ? 'external' : 'embedded',
    namespace: e.TEMPORAL_NAMESPACE,
    devServer: {
      host: e.CONVEYOR_TEMPORAL_HOST,
      port: e.CONVEYOR_TEMPORAL_PORT,
      uiPort: e.CONVEYOR_TEMPORAL_UI_PORT,
      cliPath: e.TEMPORAL_CLI_PATH,
      durability: e.CONVEYOR_TEMPORAL_DURABILITY,
    },
    worker: {
      queues: e.CONVEYOR_WORKER_QUEUES,
      concurrency: e.CONVEYOR_WORKER_CONCURRENCY,
      shutdownGraceMs: e.CONVEYOR_SHUTDOWN_GRACE,
      workflowBundlePath: e.CONVEYOR_WORKFLOW_BUNDLE,
      healthPort: e.CONVEYOR_WORKER_HEALTH_PORT,
      metricsPort: e.CONVEYOR_WORKER_METRICS_PORT,
      deployment: e.CONVEYOR_WORKER_DEPLOYMENT_NAME && e.CONVEYOR_WORKER_BUILD_ID ? { name: e.CONVEYOR_WORKER_DEPLOYMENT_NAME, buildId: e.CONVEYOR_WORKER_BUILD_ID } : undefined,
    },
    fairnessWeights: e.CONVEYOR_FAIRNESS_WEIGHTS ?? {},
    alerts: {
      webhookUrl: e.CONVEYOR_ALERT_WEBHOOK_URL,
      webhookSecret: e.CONVEYOR_ALERT_WEBHOOK_SECRET,
      taskNames: e.CONVEYOR_ALERT_TASK_NAMES ?? [],
      events: (e.CONVEYOR_ALERT_EVENTS as AlertEvent[] | undefined) ?? [...ALERT_EVENTS],
      stuckAfterMs: e.CONVEYOR_ALERT_STUCK_AFTER,
      checkIntervalMs: e.CONVEYOR_ALERT_CHECK_INTERVAL,
    },
    log: { level: e.CONVEYOR_LOG_LEVEL, format: e.CONVEYOR_LOG_FORMAT },
    dev: { restartBackoffScale: e.CONVEYOR_DEV_RESTART_BACKOFF_SCALE },
    api: {
      host: e.CONVEYOR_API_HOST,
      port: e.CONVEYOR_API_PORT,
      auth: e.CONVEYOR_AUTH,
      allowInsecure: e.CONVEYOR_AUTH_ALLOW_INSECURE === 'true',
      credentials: [
        ...(e.CONVEYOR_API_KEYS ?? []).map((c) => ({ ...c, kind: 'api-key' as const })),
        ...(e.CONVEYOR_USERS ?? []).map((c) => ({ ...c, kind: 'user' as const })),
      ],
      bodyLimitBytes: e.CONVEYOR_API_BODY_LIMIT,
      requestTimeoutMs: e.CONVEYOR_API_REQUEST_TIMEOUT,
      maxResultWaitMs: e.CONVEYOR_RESULT_WAIT_MAX,
      vocabulary: e.CONVEYOR_API_VOCABULARY,
      metricsAccess: e.CONVEYOR_METRICS_ACCESS,
      workersAccess: e.CONVEYOR_WORKERS_ACCESS,
      // A cluster's Web UI is wherever its operators put it; the embedded dev server's is known.
      allowedHosts: e.CONVEYOR_API_ALLOWED_HOSTS ?? [],
      reviewAllowSelf: e.CONVEYOR_REVIEW_ALLOW_SELF === 'true',
      streamsPerPrincipal: e.CONVEYOR_STREAMS_PER_PRINCIPAL,
      streamsMax: e.CONVEYOR_STREAMS_MAX,
      streamMaxLifetimeMs: e.CONVEYOR_STREAM_MAX_LIFETIME,
      listMaxDescribes: e.CONVEYOR_LIST_MAX_DESCRIBES,
      submitRateLimitPerMinute: e.CONVEYOR_SUBMIT_RATE_LIMIT,
      scheduleRateLimitPerMinute: e.CONVEYOR_SCHEDULE_RATE_LIMIT,
      authFailureLimitPerMinute: e.CONVEYOR_AUTH_FAILURE_LIMIT,
      temporalUiUrl: (e.CONVEYOR_TEMPORAL_UI_URL ?? (e.TEMPORAL_ADDRESS ? undefined : localApiUrl(e.CONVEYOR_TEMPORAL_HOST, e.CONVEYOR_TEMPORAL_UI_PORT)))?.replace(/\/+$/, ''),
    },
    apiClient: {
      url: (e.CONVEYOR_API_URL ?? localApiUrl(e.CONVEYOR_API_HOST, e.CONVEYOR_API_PORT)).replace(/\/+$/, ''),
      key: e.CONVEYOR_API_KEY,
    },
    tracing: tracingSettings(e),
  };
}

/** Traces are on when an OTLP endpoint is given and neither OTEL_SDK_DISABLED nor OTEL_TRACES_EXPORTER=none turns them off. */
function tracingSettings(e: z.infer<typeof envSchema>): TracingSettings | undefined {
  const endpoint = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || e.OTEL_SDK_DISABLED === 'true' || e.OTEL_TRACES_EXPORTER === 'none') return undefined;
  return { protocol: e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf' };
}

/** The URL of an API this machine serves on `host:port`; a wildcard address is reached on loopback. */
export function localApiUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${isIP(reachable) === 6 ? `[${reachable}]` : reachable}:${port}`;
}
