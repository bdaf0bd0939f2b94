import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeOtlpJson } from './decode-otlp-json';
import { decodeOtlpProtobuf } from './decode-otlp-protobuf';
import { OtlpDecodeError, type ReceivedSpan } from './received-span';

export interface SpanQuery {
  traceId?: string;
  serviceName?: string;
  /** The exact span name, or a pattern it must match. */
  name?: string | RegExp;
}

/**
 * A real OTLP/HTTP trace receiver for tests (what Jaeger or a collector is in production): listens on a
 * free port of 127.0.0.1, accepts POST /v1/traces in both encodings OTLP/HTTP has — protobuf
 * (`application/x-protobuf`) and JSON (`application/json`), gzip or not — and keeps every span, so a test
 * can ask for a trace, a service's spans or spans by name. Anything it cannot decode is answered 400 and
 * remembered in `rejected`, so a broken exporter fails the test instead of silently sending nothing.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly rejected: string[] = [];
  private readonly server = createServer((request, response) => this.handle(request, response));

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT (exporters append `/v1/traces`). */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  find(query: SpanQuery = {}): ReceivedSpan[] {
    return this.spans.filter(
      (span) =>
        (query.traceId === undefined || span.traceId === query.traceId) &&
        (query.serviceName === undefined || span.serviceName === query.serviceName) &&
        (query.name === undefined ||
          (typeof query.name === 'string' ? span.name === query.name : query.name.test(span.name))),
    );
  }

  trace(traceId: string): ReceivedSpan[] {
    return this.find({ traceId });
  }

  /** The span with this id, in whichever trace. */
  span(spanId: string): ReceivedSpan | undefined {
    return this.spans.find((span) => span.spanId === spanId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        this.answer(response, 404, contentType, `no OTLP endpoint at ${request.method} ${request.url}`);
        return;
      }
      try {
        let body = Buffer.concat(chunks);
        if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        this.spans.push(...decode(contentType, body));
        // An empty ExportTraceServiceResponse: zero bytes in protobuf, `{}` in JSON.
        this.answer(response, 200, contentType, undefined);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.rejected.push(`${contentType}: ${reason}`);
        this.answer(response, 400, contentType, reason);
      }
    });
  }

  private answer(
    response: ServerResponse,
    status: number,
    contentType: string,
    error: string | undefined,
  ): void {
    response.statusCode = status;
    if (contentType === 'application/json') {
      response.setHeader('content-type', 'application/json');
      response.end(error === undefined ? '{}' : JSON.stringify({ message: error }));
      return;
    }
    response.setHeader('content-type', error === undefined ? 'application/x-protobuf' : 'text/plain');
    response.end(error ?? '');
  }
}

function decode(contentType: string, body: Buffer): ReceivedSpan[] {
  if (contentType === 'application/x-protobuf') return decodeOtlpProtobuf(new Uint8Array(body));
  if (contentType === 'application/json') return decodeOtlpJson(body.toString('utf8'));
  throw new OtlpDecodeError(`unsupported content-type ${JSON.stringify(contentType)}`);
}
