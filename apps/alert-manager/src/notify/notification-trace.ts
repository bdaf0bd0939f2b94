import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context as otelContext,
  propagation,
  trace,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { getTracer } from '@warden/telemetry';
import type { AlertRecord } from '../domain/alert';
import type { Notification } from './notification';

const tracer = getTracer('alert-manager');

/**
 * The W3C traceparent of the span active now (the intake's CONSUMER span of the event that changed an
 * alert), stored on the alert so the notification sent later — on a timer, on whichever replica holds
 * the sender lease — continues that event's trace.
 */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(otelContext.active(), carrier);
  return carrier['traceparent'];
}

/** The alert with a new trace stamp; one without any trace keeps its earlier stamp. */
export function withActiveTrace(alert: AlertRecord): AlertRecord {
  const traceparent = activeTraceparent();
  return traceparent ? { ...alert, traceparent } : alert;
}

/**
 * Runs a notification's delivery in a span that continues the trace of the alert that caused it — the
 * most recently changed one of the group — and links the traces of the group's other alerts.
 */
export async function inNotificationSpan<T>(
  notification: Notification,
  deliver: () => Promise<T>,
): Promise<T> {
  const { parent, links } = traceOf(notification.alerts);
  const span = tracer.startSpan(
    `notify ${notification.receiver.kind}`,
    {
      kind: SpanKind.INTERNAL,
      links,
      attributes: {
        'warden.alert.receiver': notification.receiver.name,
        'warden.alert.group_key': notification.groupKey,
        'warden.alert.status': notification.status,
        'warden.alert.reason': notification.reason,
        'warden.alert.count': notification.alerts.length,
        'warden.notification.id': notification.notificationId,
        ...(notification.incidentId ? { 'warden.incident.id': notification.incidentId } : {}),
      },
    },
    parent,
  );
  try {
    return await otelContext.with(trace.setSpan(parent, span), deliver);
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * One HTTP attempt as a CLIENT span (OpenTelemetry HTTP conventions: named by the method) whose context
 * goes out as `traceparent`, so a receiver that traces continues the alert's trace.
 */
export async function inHttpClientSpan(
  method: string,
  url: string,
  headers: Record<string, string>,
  send: (headers: Record<string, string>) => Promise<Response>,
): Promise<Response> {
  const target = new URL(url);
  const span = tracer.startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': method,
      // Scheme and host only: a receiver URL's path or query may hold its secret (Slack webhooks do).
      'url.scheme': target.protocol.replace(':', ''),
      'server.address': target.hostname,
      'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
    },
  });
  const active = trace.setSpan(otelContext.active(), span);
  const outgoing = { ...headers };
  propagation.inject(active, outgoing);
  try {
    const response = await otelContext.with(active, () => send(outgoing));
    span.setAttribute('http.response.status_code', response.status);
    if (response.status >= 400)
      span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
    return response;
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function traceOf(alerts: readonly AlertRecord[]): { parent: Context; links: Link[] } {
  const traced = alerts
    .filter((alert) => alert.traceparent)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .map((alert) =>
      trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: alert.traceparent })),
    )
    .filter((spanContext) => spanContext !== undefined);
  const [cause, ...others] = traced;
  const parent = cause ? trace.setSpanContext(ROOT_CONTEXT, cause) : ROOT_CONTEXT;
  const seen = new Set(cause ? [cause.traceId] : []);
  const links: Link[] = [];
  for (const other of others) {
    if (seen.has(other.traceId)) continue;
    seen.add(other.traceId);
    links.push({ context: other, attributes: { 'warden.link': 'grouped-alert' } });
  }
  return { parent, links };
}

function failed(span: Span, error: unknown): void {
  const asError = error instanceof Error ? error : new Error(String(error));
  span.recordException(asError);
  span.setStatus({ code: SpanStatusCode.ERROR, message: asError.message });
}
