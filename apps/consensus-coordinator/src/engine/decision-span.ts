import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { getTracer } from '@warden/telemetry';

const tracer = getTracer('@warden/consensus-coordinator');

/**
 * Runs a coordination decision (a consensus, a lock grant, a revocation, a new leader) inside a span whose
 * attributes carry its evidence: ballot and acceptors, fencing token, the convicted holder and what it lost.
 * Publishes made inside nest under it, so the trace shows why the effect happened.
 */
export function withDecisionSpan<T>(
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
