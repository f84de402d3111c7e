import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A span as an OTLP receiver got it, with the service that sent it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  service: string;
  attributes: Record<string, unknown>;
}

export interface OtlpReceiver {
  /** The endpoint to give OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append /v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value?: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: { traceId: string | Uint8Array; spanId: string | Uint8Array; parentSpanId?: string | Uint8Array; name: string; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

/** The OTLP protobuf messages, as the exporter's own transformer generates them (test-only use of its build). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a generated CommonJS module without types of the decoder
const otlpProto = require('@opentelemetry/otlp-transformer/build/src/generated/root') as {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: { decode(buffer: Uint8Array): unknown; toObject(message: unknown, options: object): OtlpExport } } } } } };
};

/**
 * A loopback OTLP/HTTP trace receiver, as a collector's port 4318: takes `POST /v1/traces` in
 * protobuf (the exporters' default) or JSON, optionally gzipped, and keeps every span.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const json = request.headers['content-type']?.startsWith('application/json');
      const message = json ? (JSON.parse(body.toString('utf8')) as OtlpExport) : decodeProtobuf(body);
      spans.push(...spansOf(message));
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function decodeProtobuf(body: Buffer): OtlpExport {
  const request = otlpProto.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
  return request.toObject(request.decode(body), { longs: String, bytes: Buffer, defaults: false });
}

function spansOf(message: OtlpExport): ReceivedSpan[] {
  return (message.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: span.parentSpanId === undefined ? '' : hex(span.parentSpanId),
        name: span.name,
        service,
        attributes: attributesOf(span.attributes),
      })),
    );
  });
}

function attributesOf(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, value?.stringValue ?? value?.intValue ?? value?.boolValue ?? value?.doubleValue]));
}

/** Ids are bytes in protobuf and hex strings in OTLP/JSON. */
function hex(id: string | Uint8Array): string {
  return typeof id === 'string' ? id : Buffer.from(id).toString('hex');
}
