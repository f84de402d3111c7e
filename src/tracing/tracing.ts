import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource, detectResourcesSync, envDetectorSync, hostDetectorSync } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next, WorkerOptions } from '@temporalio/worker';
import type { TracingSettings } from '../config';
import type { Logger } from '../log';
import { TASK_ID_SPAN_ATTRIBUTE, TASK_NAME_SPAN_ATTRIBUTE } from '../contract/trace-attributes';

/** Which Conveyor process exports: its default service name is `conveyor-<service>`. */
export type TracedService = 'api' | 'worker';

/** A process's tracing, once set up: what its Temporal client and workers take to trace. */
export interface Tracing {
  /** Interceptors for a Temporal client: its starts, signals, updates, cancels and terminates carry the trace into the workflow. */
  clientInterceptors(): WorkflowClientInterceptor[];
  /** Worker options: activity spans, and the sink the workflow spans leave the sandbox through. */
  workerOptions(): Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>>;
  /** Exports the spans still buffered (a process that stops calls it last); a failure is logged, not thrown. */
  flush(): Promise<void>;
}

/** One per process: `conveyor dev` runs the API inside the worker's process, and both share it. */
let installed: Tracing | undefined;

/**
 * Installs the process's OpenTelemetry tracer provider, exporting over OTLP/HTTP in the batches
 * OTEL_BSP_* describe, to the endpoint OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT names (the exporter
 * reads it, its headers and timeout itself), sampled as OTEL_TRACES_SAMPLER says, with the
 * resource attributes OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES give. The provider is the
 * global one: Conveyor's own spans (the submit) use the OpenTelemetry API, and so may the
 * application's activities.
 */
export function startTracing(settings: TracingSettings, service: TracedService, log: Logger): Tracing {
  if (installed) return installed;
  // The SDK reports failed exports (an unreachable collector) through its diagnostics logger, silent unless set.
  diag.setLogger(
    { error: (message) => log.warn(`traces: ${message}`), warn: (message) => log.warn(`traces: ${message}`), info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  const resource = Resource.default()
    .merge(new Resource({ [ATTR_SERVICE_NAME]: `conveyor-${service}` }))
    .merge(detectResourcesSync({ detectors: [hostDetectorSync, envDetectorSync] }));
  const exporter = settings.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
  const spanProcessor: SpanProcessor = new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // The async-hooks context manager and the W3C trace-context and baggage propagators.
  provider.register();
  const tracer = trace.getTracer('conveyor');
  installed = {
    clientInterceptors: () => [changesOnly(new OpenTelemetryWorkflowClientInterceptor({ tracer })), new TaskOnClientSpans()],
    workerOptions: () => ({
      interceptors: {
        activity: [
          (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
          (ctx) => ({ inbound: new TaskOnActivitySpan(ctx) }),
        ],
      },
      sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
    }),
    flush: () => provider.forceFlush().catch((error: unknown) => log.warn({ err: error }, 'traces: the last spans could not be exported')),
  };
  return installed;
}

/**
 * Temporal's client interceptor for the calls that change a workflow. Not for describe and query:
 * the API describes and queries a task on every read and every poll of a live stream, each of
 * which would export a trace of one span.
 */
function changesOnly(otel: OpenTelemetryWorkflowClientInterceptor): WorkflowClientInterceptor {
  return {
    start: (input, next) => otel.start(input, next),
    startWithDetails: (input, next) => otel.startWithDetails(input, next),
    signalWithStart: (input, next) => otel.signalWithStart(input, next),
    startUpdateWithStart: (input, next) => otel.startUpdateWithStart(input, next),
    signal: (input, next) => otel.signal(input, next),
    startUpdate: (input, next) => otel.startUpdate(input, next),
    cancel: (input, next) => otel.cancel(input, next),
    terminate: (input, next) => otel.terminate(input, next),
  };
}

/** The task on the client's start span (Temporal's interceptor, outside this one, made it the active span): a task's workflow id and type are its id and name. */
class TaskOnClientSpans implements WorkflowClientInterceptor {
  start: NonNullable<WorkflowClientInterceptor['start']> = (input, next) => {
    trace.getActiveSpan()?.setAttributes({ [TASK_ID_SPAN_ATTRIBUTE]: input.options.workflowId, [TASK_NAME_SPAN_ATTRIBUTE]: input.workflowType });
    return next(input);
  };

  startWithDetails: NonNullable<WorkflowClientInterceptor['startWithDetails']> = (input, next) => {
    trace.getActiveSpan()?.setAttributes({ [TASK_ID_SPAN_ATTRIBUTE]: input.options.workflowId, [TASK_NAME_SPAN_ATTRIBUTE]: input.workflowType });
    return next(input);
  };
}

/**
 * The task on an activity's span: the one the workflow's baggage names (an activity of a child
 * workflow belongs to its parent's task), else the workflow's own id and type.
 */
class TaskOnActivitySpan implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}

  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const baggage = propagation.getBaggage(context.active());
    const taskId = baggage?.getEntry(TASK_ID_SPAN_ATTRIBUTE)?.value ?? this.ctx.info.workflowExecution?.workflowId;
    const taskName = baggage?.getEntry(TASK_NAME_SPAN_ATTRIBUTE)?.value ?? this.ctx.info.workflowType;
    const span = trace.getActiveSpan();
    if (taskId) span?.setAttribute(TASK_ID_SPAN_ATTRIBUTE, taskId);
    if (taskName) span?.setAttribute(TASK_NAME_SPAN_ATTRIBUTE, taskName);
    return next(input);
  }
}
