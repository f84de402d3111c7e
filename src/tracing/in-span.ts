import { propagation, ROOT_CONTEXT, SpanStatusCode, trace, type Span, type SpanOptions } from '@opentelemetry/api';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Runs `fn` in a span of the process's tracer, ended when `fn` settles (a throw marks it failed).
 * Without tracing the tracer is the OpenTelemetry API's no-op one: the span records nothing. The
 * span joins the trace of an incoming `traceparent`, as HTTP servers do; not the request's
 * baggage, which would otherwise travel on into the task's workflow and its spans.
 */
export function inRequestSpan<T>(name: string, headers: IncomingHttpHeaders, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.deleteBaggage(propagation.extract(ROOT_CONTEXT, headers));
  return trace.getTracer('conveyor').startActiveSpan(name, options, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
