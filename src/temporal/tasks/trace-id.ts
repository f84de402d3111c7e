import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { WorkflowExecutionDescription } from '@temporalio/client';

/** Memo key of a task submitted while the API traced: the id of the trace its submit began (`trace_id`). */
export const TRACE_ID_MEMO = 'conveyor_trace_id';

/** The id of the trace the caller runs in, if a tracer records it (tracing on, and sampled); undefined otherwise. */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return undefined;
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The trace a task's submit began, from its memo; null for a task submitted without tracing. */
export function traceIdOf(description: Pick<WorkflowExecutionDescription, 'memo'>): string | null {
  const value = (description.memo as Record<string, unknown> | undefined)?.[TRACE_ID_MEMO];
  return typeof value === 'string' ? value : null;
}
