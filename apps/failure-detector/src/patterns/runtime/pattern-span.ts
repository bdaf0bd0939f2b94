import type { Span } from '@opentelemetry/api';
import { getTracer, inDecisionSpan } from '@warden/telemetry';
import type { PatternRevision } from '../detection/pattern-revision';

const tracer = getTracer('@warden/failure-detector/patterns');

/**
 * Runs `publish` inside a span for the detected pattern whose attributes carry its evidence, so a
 * trace shows why the pattern was declared; the publish span (and the message's traceparent) nests under it.
 */
export async function withPatternSpan<T>(
  revision: PatternRevision,
  publish: (span: Span) => Promise<T>,
): Promise<T> {
  return inDecisionSpan(
    tracer,
    `pattern ${revision.type}`,
    {
      'warden.pattern.id': revision.patternId,
      'warden.pattern.revision': revision.revision,
      'warden.pattern.type': revision.type,
      'warden.pattern.scope': `${revision.scope.kind}:${revision.scope.id}`,
      'warden.pattern.severity': revision.severity,
      'warden.pattern.confidence': revision.confidence,
      'warden.pattern.affected_agents': revision.affectedAgentIds.length,
      'warden.pattern.failure_count': revision.evidence.failureCount,
      'warden.pattern.window_ms': revision.evidence.windowMs,
      'warden.pattern.zones': revision.evidence.zones,
      'warden.pattern.hosts': revision.evidence.hostIds.slice(0, 100),
      'warden.pattern.failure_ids': revision.evidence.failureIds.slice(-100),
      ...(revision.evidence.affectedFraction !== undefined && {
        'warden.pattern.affected_fraction': revision.evidence.affectedFraction,
      }),
      ...(revision.evidence.expectedCount !== undefined && {
        'warden.pattern.expected_count': revision.evidence.expectedCount,
      }),
      ...(revision.evidence.rateTrend && { 'warden.pattern.rate_trend': revision.evidence.rateTrend }),
      ...(revision.recommendedAction && {
        'warden.pattern.recommended_action': revision.recommendedAction,
      }),
    },
    publish,
  );
}
