import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from './config';

describe('loadSettings', () => {
  it('runs the embedded dev server with default ports and grace when nothing is set', () => {
    const settings = loadSettings({});

    expect(settings.dataDir).toBe(path.resolve('.conveyor'));
    expect(path.isAbsolute(settings.dataDir)).toBe(true);
    expect(settings.temporalMode).toBe('embedded');
    expect(settings.namespace).toBe('default');
    expect(settings.devServer).toEqual({ host: '127.0.0.1', port: 7233, uiPort: 8233, cliPath: undefined, durability: 'process-crash' });
    expect(settings.worker).toEqual({ queues: undefined, concurrency: 100, shutdownGraceMs: 30_000, workflowBundlePath: undefined, healthPort: undefined });
    expect(settings.log).toEqual({ level: 'info', format: 'pretty' });
    expect(settings.dev).toEqual({ restartBackoffScale: 1 });
  });

  it('reads fairness weights per key (none by default), and names a bad entry without guessing', () => {
    expect(loadSettings({}).fairnessWeights).toEqual({});
    expect(loadSettings({ CONVEYOR_FAIRNESS_WEIGHTS: 'acme=3, free-tier=0.5,team=a=2' }).fairnessWeights).toEqual({ acme: 3, 'free-tier': 0.5, 'team=a': 2 });
    for (const bad of ['acme', 'acme=0', 'acme=1001', '=2', 'acme=lots', `${'k'.repeat(65)}=1`]) {
      expect(() => loadSettings({ CONVEYOR_FAIRNESS_WEIGHTS: bad }), bad).toThrow(/CONVEYOR_FAIRNESS_WEIGHTS: entry 1 is not key=weight/);
    }
  });

  it("reads conveyor dev's restart back-off scale, which may only shorten the back-off", () => {
    expect(loadSettings({ CONVEYOR_DEV_RESTART_BACKOFF_SCALE: '0.1' }).dev.restartBackoffScale).toBe(0.1);
    for (const bad of ['0', '2', 'fast']) {
      expect(() => loadSettings({ CONVEYOR_DEV_RESTART_BACKOFF_SCALE: bad })).toThrow(/CONVEYOR_DEV_RESTART_BACKOFF_SCALE/);
    }
  });

  it('resolves a relative data folder to an absolute path', () => {
    expect(loadSettings({ CONVEYOR_DATA_DIR: 'some/state' }).dataDir).toBe(path.resolve('some/state'));
  });

  it('uses an external cluster when TEMPORAL_ADDRESS is set', () => {
    const settings = loadSettings({ TEMPORAL_ADDRESS: 'temporal.example.internal:7233', TEMPORAL_NAMESPACE: 'prod' });

    expect(settings.temporalMode).toBe('external');
    expect(settings.namespace).toBe('prod');
  });

  it.each([
    ['5s', 5_000],
    ['2m', 120_000],
    ['1500ms', 1_500],
    // A bare number is seconds, as in CLI options and API fields.
    ['30', 30_000],
    ['0', 0],
  ])('reads the duration %s as %i ms', (value, ms) => {
    expect(loadSettings({ CONVEYOR_SHUTDOWN_GRACE: value }).worker.shutdownGraceMs).toBe(ms);
  });

  it('reads ports, queue lists and log settings', () => {
    const settings = loadSettings({
      CONVEYOR_TEMPORAL_PORT: '17233',
      CONVEYOR_TEMPORAL_UI_PORT: '18233',
      CONVEYOR_WORKER_QUEUES: ' computor-tasks , custom ,',
      CONVEYOR_LOG_LEVEL: 'debug',
      CONVEYOR_LOG_FORMAT: 'json',
    });

    expect(settings.devServer.port).toBe(17233);
    expect(settings.devServer.uiPort).toBe(18233);
    expect(settings.worker.queues).toEqual(['computor-tasks', 'custom']);
    expect(settings.log).toEqual({ level: 'debug', format: 'json' });
  });

  it('treats empty variables as unset', () => {
    const settings = loadSettings({
      TEMPORAL_ADDRESS: '',
      CONVEYOR_DATA_DIR: '',
      CONVEYOR_TEMPORAL_PORT: '',
      CONVEYOR_SHUTDOWN_GRACE: '',
      CONVEYOR_LOG_LEVEL: '',
      TEMPORAL_CLI_PATH: '',
    });

    expect(settings.temporalMode).toBe('embedded');
    expect(settings.dataDir).toBe(path.resolve('.conveyor'));
    expect(settings.devServer.port).toBe(7233);
    expect(settings.devServer.cliPath).toBeUndefined();
    expect(settings.worker.shutdownGraceMs).toBe(30_000);
    expect(settings.log.level).toBe('info');
  });

  it('throws one SettingsError naming every bad variable', () => {
    const env = { CONVEYOR_TEMPORAL_PORT: 'abc', CONVEYOR_SHUTDOWN_GRACE: 'soon', CONVEYOR_LOG_LEVEL: 'loud' };

    let thrown: unknown;
    try {
      loadSettings(env);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(SettingsError);
    const error = thrown as SettingsError;
    expect(error.problems).toHaveLength(3);
    for (const name of Object.keys(env)) {
      expect(error.problems.some((problem) => problem.startsWith(`${name}:`))).toBe(true);
      expect(error.message).toContain(name);
    }
    expect(error.message).toContain('"soon" is not a duration');
  });

  it("points the CLI at this machine's API unless CONVEYOR_API_URL says otherwise", () => {
    expect(loadSettings({}).apiClient).toEqual({ url: 'http://127.0.0.1:8000', key: undefined });
    expect(loadSettings({ CONVEYOR_API_HOST: '0.0.0.0', CONVEYOR_API_PORT: '9000' }).apiClient.url).toBe('http://127.0.0.1:9000');
    expect(loadSettings({ CONVEYOR_API_HOST: '::1' }).apiClient.url).toBe('http://[::1]:8000');
    expect(loadSettings({ CONVEYOR_API_URL: 'https://tasks.example.com/conveyor/', CONVEYOR_API_KEY: 'k' }).apiClient).toEqual({
      url: 'https://tasks.example.com/conveyor',
      key: 'k',
    });
  });

  it('refuses a CONVEYOR_API_URL that is not an http(s) URL', () => {
    for (const url of ['localhost:8000', 'ftp://example.com', 'not a url']) {
      expect(() => loadSettings({ CONVEYOR_API_URL: url }), url).toThrow(/CONVEYOR_API_URL: must be an http/);
    }
  });

  it("reads the embedded dev server's durability, crash-safe WAL unless power-loss is asked for", () => {
    expect(loadSettings({}).devServer.durability).toBe('process-crash');
    expect(loadSettings({ CONVEYOR_TEMPORAL_DURABILITY: '' }).devServer.durability).toBe('process-crash');
    expect(loadSettings({ CONVEYOR_TEMPORAL_DURABILITY: 'power-loss' }).devServer.durability).toBe('power-loss');
    expect(loadSettings({ CONVEYOR_TEMPORAL_DURABILITY: 'process-crash' }).devServer.durability).toBe('process-crash');
  });

  it('refuses a durability level it does not know, naming the ones it does', () => {
    for (const value of ['wal', 'fast', 'POWER-LOSS']) {
      expect(() => loadSettings({ CONVEYOR_TEMPORAL_DURABILITY: value }), value).toThrow(
        /CONVEYOR_TEMPORAL_DURABILITY: .*"process-crash"\|"power-loss"/,
      );
    }
  });

  it('answers in Conveyor’s words unless told to speak the previous task system’s', () => {
    expect(loadSettings({}).api.vocabulary).toBe('conveyor');
    expect(loadSettings({ CONVEYOR_API_VOCABULARY: 'legacy' }).api.vocabulary).toBe('legacy');
    expect(() => loadSettings({ CONVEYOR_API_VOCABULARY: 'celery' })).toThrow(/CONVEYOR_API_VOCABULARY: .*"conveyor"\|"legacy"/);
  });

  it('bounds how long a client may take to send a request: 30s unless set, at least 1s', () => {
    expect(loadSettings({}).api.requestTimeoutMs).toBe(30_000);
    expect(loadSettings({ CONVEYOR_API_REQUEST_TIMEOUT: '2m' }).api.requestTimeoutMs).toBe(120_000);
    expect(loadSettings({ CONVEYOR_API_REQUEST_TIMEOUT: '5' }).api.requestTimeoutMs).toBe(5000);
    for (const value of ['500ms', '0', 'soon']) expect(() => loadSettings({ CONVEYOR_API_REQUEST_TIMEOUT: value }), value).toThrow(/CONVEYOR_API_REQUEST_TIMEOUT: /);
  });

  it('keeps /metrics and /workers for admins unless told otherwise', () => {
    expect(loadSettings({}).api).toMatchObject({ metricsAccess: 'admin', workersAccess: 'admin' });
    expect(loadSettings({ CONVEYOR_METRICS_ACCESS: 'public', CONVEYOR_WORKERS_ACCESS: 'read' }).api).toMatchObject({ metricsAccess: 'public', workersAccess: 'read' });
    expect(() => loadSettings({ CONVEYOR_METRICS_ACCESS: 'everyone' })).toThrow(/CONVEYOR_METRICS_ACCESS: .*"admin"\|"read"\|"public"/);
    expect(() => loadSettings({ CONVEYOR_WORKERS_ACCESS: 'public' })).toThrow(/CONVEYOR_WORKERS_ACCESS: .*"admin"\|"read"/);
  });

  it('bounds reading and creating by default: stream caps and lifetime, the describe cap, submit, schedule and sign-in limits', () => {
    expect(loadSettings({}).api).toMatchObject({
      streamsPerPrincipal: 20,
      streamsMax: 1000,
      streamMaxLifetimeMs: 30 * 60_000,
      listMaxDescribes: 500,
      submitRateLimitPerMinute: 600,
      scheduleRateLimitPerMinute: 60,
      authFailureLimitPerMinute: 10,
      reviewAllowSelf: false,
    });
    expect(loadSettings({ CONVEYOR_STREAM_MAX_LIFETIME: '5m', CONVEYOR_SUBMIT_RATE_LIMIT: '3', CONVEYOR_REVIEW_ALLOW_SELF: 'true' }).api).toMatchObject({
      streamMaxLifetimeMs: 300_000,
      submitRateLimitPerMinute: 3,
      reviewAllowSelf: true,
    });
    for (const [name, value] of [
      ['CONVEYOR_STREAMS_PER_PRINCIPAL', '0'],
      ['CONVEYOR_STREAM_MAX_LIFETIME', '500ms'],
      ['CONVEYOR_LIST_MAX_DESCRIBES', 'many'],
      ['CONVEYOR_SUBMIT_RATE_LIMIT', '-1'],
      ['CONVEYOR_AUTH_FAILURE_LIMIT', '2.5'],
      ['CONVEYOR_REVIEW_ALLOW_SELF', 'yes'],
    ] as const) {
      expect(() => loadSettings({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(`${name}: `));
    }
  });

  it('reads CONVEYOR_API_ALLOWED_HOSTS as host names without scheme or port, lower-cased; refuses anything else naming the setting', () => {
    expect(loadSettings({}).api.allowedHosts).toEqual([]);
    expect(loadSettings({ CONVEYOR_API_ALLOWED_HOSTS: 'Tasks.Example.com, conveyor-api ,[::1]' }).api.allowedHosts).toEqual(['tasks.example.com', 'conveyor-api', '[::1]']);
    expect(loadSettings({ CONVEYOR_API_ALLOWED_HOSTS: '*' }).api.allowedHosts).toEqual(['*']);
    for (const value of ['https://tasks.example.com', 'tasks.example.com:8000', 'a b', ' , ']) {
      expect(() => loadSettings({ CONVEYOR_API_ALLOWED_HOSTS: value }), value).toThrow(/CONVEYOR_API_ALLOWED_HOSTS: /);
    }
  });

  it('refuses out-of-range ports', () => {
    expect(() => loadSettings({ CONVEYOR_TEMPORAL_UI_PORT: '70000' })).toThrow(/CONVEYOR_TEMPORAL_UI_PORT/);
  });

  it("serves the worker's health endpoint only on the port CONVEYOR_WORKER_HEALTH_PORT names", () => {
    expect(loadSettings({}).worker.healthPort).toBeUndefined();
    expect(loadSettings({ CONVEYOR_WORKER_HEALTH_PORT: '8081' }).worker.healthPort).toBe(8081);
  });

  it.each(['http', '0', '65536', '80.5'])('refuses CONVEYOR_WORKER_HEALTH_PORT=%s with a SettingsError naming it', (value) => {
    expect(() => loadSettings({ CONVEYOR_WORKER_HEALTH_PORT: value })).toThrow(SettingsError);
    expect(() => loadSettings({ CONVEYOR_WORKER_HEALTH_PORT: value })).toThrow(/CONVEYOR_WORKER_HEALTH_PORT: /);
  });

  it("exports the worker's SDK metrics only on the port CONVEYOR_WORKER_METRICS_PORT names", () => {
    expect(loadSettings({}).worker.metricsPort).toBeUndefined();
    expect(loadSettings({ CONVEYOR_WORKER_METRICS_PORT: '' }).worker.metricsPort).toBeUndefined();
    expect(loadSettings({ CONVEYOR_WORKER_METRICS_PORT: '9464' }).worker.metricsPort).toBe(9464);
  });

  it.each(['metrics', '0', '65536', '9464.5'])('refuses CONVEYOR_WORKER_METRICS_PORT=%s with a SettingsError naming it', (value) => {
    expect(() => loadSettings({ CONVEYOR_WORKER_METRICS_PORT: value })).toThrow(SettingsError);
    expect(() => loadSettings({ CONVEYOR_WORKER_METRICS_PORT: value })).toThrow(/CONVEYOR_WORKER_METRICS_PORT: /);
  });

  it('versions the worker only when CONVEYOR_WORKER_DEPLOYMENT_NAME and CONVEYOR_WORKER_BUILD_ID are both set', () => {
    expect(loadSettings({}).worker.deployment).toBeUndefined();
    expect(loadSettings({ CONVEYOR_WORKER_DEPLOYMENT_NAME: '', CONVEYOR_WORKER_BUILD_ID: '' }).worker.deployment).toBeUndefined();
    expect(loadSettings({ CONVEYOR_WORKER_DEPLOYMENT_NAME: 'conveyor-workers', CONVEYOR_WORKER_BUILD_ID: '1.4.0' }).worker.deployment).toEqual({ name: 'conveyor-workers', buildId: '1.4.0' });
  });

  it.each([
    [{ CONVEYOR_WORKER_DEPLOYMENT_NAME: 'conveyor-workers' }, /- CONVEYOR_WORKER_BUILD_ID: is required with CONVEYOR_WORKER_DEPLOYMENT_NAME/],
    [{ CONVEYOR_WORKER_BUILD_ID: '1.4.0' }, /- CONVEYOR_WORKER_DEPLOYMENT_NAME: is required with CONVEYOR_WORKER_BUILD_ID/],
    [{ CONVEYOR_WORKER_DEPLOYMENT_NAME: 'conveyor.workers', CONVEYOR_WORKER_BUILD_ID: '1.4.0' }, /- CONVEYOR_WORKER_DEPLOYMENT_NAME: must have no dot/],
    [{ CONVEYOR_WORKER_DEPLOYMENT_NAME: 'conveyor-workers', CONVEYOR_WORKER_BUILD_ID: '1.4 rc' }, /- CONVEYOR_WORKER_BUILD_ID: must have no white space/],
    [{ CONVEYOR_WORKER_DEPLOYMENT_NAME: 'conveyor-workers', CONVEYOR_WORKER_BUILD_ID: '__unversioned__' }, /- CONVEYOR_WORKER_BUILD_ID: is the name Temporal keeps/],
    [{ CONVEYOR_WORKER_DEPLOYMENT_NAME: 'conveyor-workers', CONVEYOR_WORKER_BUILD_ID: 'x'.repeat(256) }, /- CONVEYOR_WORKER_BUILD_ID: /],
  ])('refuses the worker deployment version %j naming the variable', (env, message) => {
    expect(() => loadSettings(env)).toThrow(SettingsError);
    expect(() => loadSettings(env)).toThrow(message);
  });
});
