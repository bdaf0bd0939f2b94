import { SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

/**
 * Runs a service's decision inside an active internal span whose attributes carry the decision's evidence,
 * so publishes made inside nest under it and a trace shows why the effect happened. A failure is recorded
 * on the span (exception and error status) and thrown on.
 */
export function inDecisionSpan<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  decide: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      return await decide(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
