import { context, propagation, trace, type Context } from '@opentelemetry/api';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  workflowInfo,
  type ActivityInput,
  type ContinueAsNewInput,
  type LocalActivityInput,
  type Next,
  type SignalInput,
  type SignalWorkflowInput,
  type StartChildWorkflowExecutionInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { TASK_ID_SPAN_ATTRIBUTE, TASK_NAME_SPAN_ATTRIBUTE, WORKFLOW_TRACING_MARKER } from './trace-attributes';

/**
 * The workflow side of tracing, in bundles built for a worker with traces on (workflow-sources.ts;
 * a worker with them off bundles none of this): Temporal's OpenTelemetry workflow interceptors,
 * whose spans leave the sandbox through the worker's `exporter` sink, and the task's id and name on
 * each of those spans. The task is the one the workflow's baggage names (a child workflow belongs
 * to its parent's task), else the workflow itself (a task's workflow id is its task id, its type
 * its task name); the workflow passes it on, as baggage, to its activities and children.
 *
 * Queries are not traced: the API queries a running task's progress on every read and stream poll.
 * This module holds the execution's task: it is evaluated for each execution (never preloaded).
 */
export const interceptors = (): WorkflowInterceptors => {
  const otelInbound = new OpenTelemetryInboundInterceptor();
  const inbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => otelInbound.execute(input, next),
    handleSignal: (input, next) => otelInbound.handleSignal(input, next),
    handleUpdate: (input, next) => otelInbound.handleUpdate(input, next),
    validateUpdate: (input, next) => otelInbound.validateUpdate(input, next),
  };
  return {
    // Temporal's first: its span is the active one when the task's attributes are set on it.
    inbound: [inbound, new TaskOnInboundSpans()],
    outbound: [new OpenTelemetryOutboundInterceptor(), new TaskOnOutboundSpans()],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};

/** Kept in the bundle as the sign that it traces workflows. */
export const tracingMarker = WORKFLOW_TRACING_MARKER;

let task: Record<string, string> | undefined;

/** The task this execution belongs to: what its run's baggage names, else itself. */
function taskOf(active: Context): Record<string, string> {
  const baggage = propagation.getBaggage(active);
  const info = workflowInfo();
  return {
    [TASK_ID_SPAN_ATTRIBUTE]: baggage?.getEntry(TASK_ID_SPAN_ATTRIBUTE)?.value ?? info.workflowId,
    [TASK_NAME_SPAN_ATTRIBUTE]: baggage?.getEntry(TASK_NAME_SPAN_ATTRIBUTE)?.value ?? info.workflowType,
  };
}

/** Sets the execution's task on the span Temporal's interceptor just started. */
function markActiveSpan(): void {
  trace.getActiveSpan()?.setAttributes((task ??= taskOf(context.active())));
}

class TaskOnInboundSpans implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    task = taskOf(context.active());
    trace.getActiveSpan()?.setAttributes(task);
    let baggage = propagation.getBaggage(context.active()) ?? propagation.createBaggage();
    for (const [key, value] of Object.entries(task)) baggage = baggage.setEntry(key, { value });
    return context.with(propagation.setBaggage(context.active(), baggage), () => next(input));
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    markActiveSpan();
    return next(input);
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    markActiveSpan();
    return next(input);
  }
}

class TaskOnOutboundSpans implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    markActiveSpan();
    return next(input);
  }

  scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    markActiveSpan();
    return next(input);
  }

  startChildWorkflowExecution(input: StartChildWorkflowExecutionInput, next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>): Promise<[Promise<string>, Promise<unknown>]> {
    markActiveSpan();
    return next(input);
  }

  signalWorkflow(input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>): Promise<void> {
    markActiveSpan();
    return next(input);
  }

  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>): Promise<never> {
    markActiveSpan();
    return next(input);
  }
}
