import { context, propagation, ROOT_CONTEXT, trace, type Attributes, type Link } from '@opentelemetry/api';
import { AgentSuspected, FailureDetected, Subjects } from '@warden/contracts';
import type { Publisher } from '@warden/messaging';
import { getTracer, type Logger } from '@warden/telemetry';
import type { FailureDetectorMetrics } from './failure-detector-metrics';

const tracer = getTracer('failure-detector');

/** The decision a failure event reports, as span attributes (its evidence, for the trace view). */
export type DecisionAttributes = Attributes;

/**
 * Publishes what the detector decided. Each failure is a span of its own — a new trace, because a
 * failure found by absence has no incoming message to continue — linked to the agent's last heartbeat
 * span, with the evidence as attributes; the event is published inside it, so consumers continue the
 * conviction's trace. The failure id is the `ce-id`/`Nats-Msg-Id`, so replicas that both convict one
 * episode store one event.
 */
export class FailurePublisher {
  constructor(
    private readonly publisher: Publisher,
    private readonly metrics: FailureDetectorMetrics,
    private readonly logger: Logger,
  ) {}

  /** Resolves once JetStream stored the event (or it was a duplicate); errors are logged and counted. */
  async failure(
    event: FailureDetected,
    spanName: string,
    attributes: DecisionAttributes,
    traceparent: string | undefined,
    decidedAt: number,
  ): Promise<void> {
    const span = tracer.startSpan(
      spanName,
      {
        links: linksTo(traceparent),
        attributes: {
          'warden.agent.id': event.agentId,
          'warden.agent.incarnation': event.incarnation,
          'warden.failure.id': event.failureId,
          'warden.failure.type': event.failureType,
          'warden.failure.severity': event.severity,
          ...attributes,
        },
      },
      ROOT_CONTEXT,
    );
    try {
      const result = await context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
        this.publisher.publishDurable(
          Subjects.failures(event.severity, event.agentId),
          FailureDetected,
          event,
          {
            id: event.failureId,
          },
        ),
      );
      span.setAttribute('warden.failure.duplicate', result.duplicate);
      this.metrics.conviction(event.failureType, event.severity);
      this.metrics.emitted((Date.now() - decidedAt) / 1_000);
    } catch (error) {
      span.recordException(error as Error);
      this.metrics.publishError('failure');
      this.logger.error(
        { err: error, failureId: event.failureId, agentId: event.agentId },
        'failure not published',
      );
    } finally {
      span.end();
    }
  }

  /** A hint on core NATS: nothing to wait for, nothing to retry. */
  suspicion(event: AgentSuspected): void {
    try {
      this.publisher.publish(Subjects.suspicion(event.agentId), AgentSuspected, event);
      this.metrics.suspicion();
    } catch (error) {
      this.metrics.publishError('suspicion');
      this.logger.warn({ err: error, agentId: event.agentId }, 'suspicion not published');
    }
  }
}

function linksTo(traceparent: string | undefined): Link[] {
  if (!traceparent) return [];
  const heartbeat = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent }));
  return heartbeat ? [{ context: heartbeat, attributes: { 'warden.link': 'last-heartbeat' } }] : [];
}
