import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context as otelContext,
  propagation,
  trace,
  type TextMapGetter,
} from '@opentelemetry/api';

const TRACER_NAME = '@warden/telemetry/http';

/** What Express adds to a request once a route matched it. */
interface RoutedRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Kubelet probes and Prometheus scrapes hit these every few seconds on every pod: as root spans they would
 * bury the traces people follow. They are traced only when the caller sends a traceparent (asks for it).
 */
const UNTRACED_UNLESS_ASKED = new Set(['/healthz', '/readyz', '/metrics']);

const headerGetter: TextMapGetter<IncomingMessage['headers']> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

/**
 * Express middleware tracing every incoming request as a SERVER span (OpenTelemetry HTTP conventions):
 * the caller's W3C `traceparent` is continued, and the span is named `<method> <route template>`
 * (`GET /api/v2/alerts/:fingerprint`) once routing has matched — a concrete path would give a span name
 * per id. A request no route matched is named by its method only. Probes and scrapes are traced only
 * when they carry a traceparent (UNTRACED_UNLESS_ASKED).
 */
export function httpServerSpans(): (
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
) => void {
  return (request, response, next) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (UNTRACED_UNLESS_ASKED.has(path) && request.headers.traceparent === undefined) return next();
    const method = request.method ?? 'GET';
    const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
    const span = trace.getTracer(TRACER_NAME).startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': path,
          'url.scheme': 'http',
          ...(request.headers['user-agent'] ? { 'user_agent.original': request.headers['user-agent'] } : {}),
        },
      },
      parent,
    );
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      const route = routeOf(request as RoutedRequest);
      if (route) {
        span.setAttribute('http.route', route);
        span.updateName(`${method} ${route}`);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!response.writableFinished) span.setAttribute('warden.http.aborted', true);
      span.end();
    };
    response.once('finish', end);
    response.once('close', end);
    otelContext.with(trace.setSpan(parent, span), next);
  };
}

function routeOf(request: RoutedRequest): string | undefined {
  const path = request.route?.path;
  if (typeof path !== 'string') return undefined;
  return `${request.baseUrl ?? ''}${path}` || '/';
}
