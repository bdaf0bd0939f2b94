import type { Attributes, Span } from '@opentelemetry/api';
import { getTracer, inDecisionSpan } from '@warden/telemetry';

const tracer = getTracer('@warden/consensus-coordinator');

/**
 * Runs a coordination decision (a consensus, a lock grant, a revocation, a new leader) inside a span whose
 * attributes carry its evidence: ballot and acceptors, fencing token, the convicted holder and what it lost.
 */
export function withDecisionSpan<T>(
  name: string,
  attributes: Attributes,
  decide: (span: Span) => Promise<T>,
): Promise<T> {
  return inDecisionSpan(tracer, name, attributes, decide);
}
