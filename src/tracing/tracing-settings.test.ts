import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../config';
import { noopTask } from '../builtin/noop-task';
import type { Logger } from '../log';
import type { Project } from '../project/load-project';
import { createRegistry } from '../tasks/registry';
import { workflowSourcesFingerprint, writeWorkflowSources } from '../worker/workflow-sources';
import { loadTracing } from './load-tracing';

const log = { info: () => undefined, warn: () => undefined } as unknown as Logger;

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('tracing settings', () => {
  it('are off without an OTLP endpoint, and then nothing is set up: no tracer provider, spans record nothing', () => {
    const settings = loadSettings({});
    expect(settings.tracing).toBeUndefined();
    expect(loadTracing(settings.tracing, 'api', log)).toBeUndefined();
    const span = trace.getTracer('conveyor').startSpan('submit');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('are on with OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, in protobuf unless a protocol says JSON', () => {
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({ protocol: 'http/protobuf' });
    expect(loadSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).tracing).toEqual({ protocol: 'http/json' });
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }).tracing).toEqual({ protocol: 'http/protobuf' });
  });

  it('are off when OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none says so, endpoint or not', () => {
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(loadSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
  });

  it('refuse a bad value naming its variable', () => {
    expect(refusal({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:\/\/ or https:\/\/ URL/);
    expect(refusal({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL: must be http\/protobuf or http\/json \(grpc is not supported/);
    expect(refusal({ OTEL_TRACES_EXPORTER: 'zipkin' })).toMatch(/OTEL_TRACES_EXPORTER: must be otlp or none/);
  });
});

describe('the workflow bundle and tracing', () => {
  const project: Project = {
    configFile: '/app/conveyor.config.ts',
    registry: createRegistry([noopTask('q')]),
    workflowsFile: undefined,
    taskExports: new Map(),
    createActivities: () => ({}),
  };

  it('holds the OpenTelemetry workflow interceptors only when built for a worker that traces (and is cached apart)', () => {
    const plain = writeWorkflowSources(project);
    const traced = writeWorkflowSources(project, undefined, true);
    try {
      expect(plain.interceptorModules).toHaveLength(1);
      expect(plain.interceptorModules.join()).not.toMatch(/tracing-interceptors/);
      expect(traced.interceptorModules).toHaveLength(2);
      expect(traced.interceptorModules[0]).toMatch(/contract[\\/]tracing-interceptors\.ts$/);
      expect(traced.interceptorModules[1]).toMatch(/[\\/]interceptors\.js$/);
      expect(workflowSourcesFingerprint(project, true)).not.toBe(workflowSourcesFingerprint(project));
    } finally {
      plain.dispose();
      traced.dispose();
    }
  });
});
