import { context, propagation, ROOT_CONTEXT, trace, type Link } from '@opentelemetry/api';
import { HealthStateChanged, MessageLimits, Subjects, type AgentHealthRecord } from '@warden/contracts';
import { ConcurrencyLimiter, type Publisher } from '@warden/messaging';
import { getTracer, type Logger } from '@warden/telemetry';
import type { StateTransition } from '../registry/state-transition';
import type { RegistryStore } from '../store/registry-store';

const tracer = getTracer('health-collector');

/**
 * Makes a state change durable: the record in the registry bucket first (so queries and a replica
 * taking over agree with the event), then HealthStateChanged on JetStream. Changes of one agent go out
 * in order; different agents do not wait for each other. The event id is derived from the change
 * itself (agent, incarnation, sequence, state), so two replicas that briefly both own a partition
 * during a handover publish one event, not two: JetStream drops the duplicate id.
 *
 * At most `concurrency` changes are in flight: a fleet starting at once (ten thousand first sightings)
 * or a zone going dark queues its changes instead of flooding JetStream into timeouts, and the
 * heartbeat ingest on the same event loop keeps its pace.
 */
export class TransitionPublisher {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    private readonly publisher: Publisher,
    private readonly store: RegistryStore,
    private readonly logger: Logger,
    concurrency = 128,
  ) {
    this.limiter = new ConcurrencyLimiter(concurrency);
  }

  /** Changes handed over and not yet sent. */
  get backlog(): number {
    return this.tails.size;
  }

  publish(transition: StateTransition, record: AgentHealthRecord, traceparent?: string): Promise<void> {
    const previous = this.tails.get(transition.agentId) ?? Promise.resolve();
    const next = previous.then(() => this.send(transition, record, traceparent));
    this.tails.set(transition.agentId, next);
    void next.finally(() => {
      if (this.tails.get(transition.agentId) === next) this.tails.delete(transition.agentId);
    });
    return next;
  }

  /** Resolves when every change handed over so far is sent. */
  async flush(): Promise<void> {
    await Promise.all(this.tails.values());
  }

  private async send(
    transition: StateTransition,
    record: AgentHealthRecord,
    traceparent?: string,
  ): Promise<void> {
    const release = await this.limiter.acquire();
    try {
      await this.sendNow(transition, record, traceparent);
    } finally {
      release();
    }
  }

  private async sendNow(
    transition: StateTransition,
    record: AgentHealthRecord,
    traceparent?: string,
  ): Promise<void> {
    const links: Link[] = [];
    const heartbeatContext = traceparent
      ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent }))
      : undefined;
    if (heartbeatContext)
      links.push({ context: heartbeatContext, attributes: { 'warden.link': 'last-heartbeat' } });
    const span = tracer.startSpan(
      'health.transition',
      {
        links,
        attributes: {
          'warden.agent.id': transition.agentId,
          'warden.agent.incarnation': transition.incarnation,
          'warden.health.from': transition.previousState ?? 'none',
          'warden.health.to': transition.state,
          'warden.health.reasons': transition.reasons.join('; '),
        },
      },
      ROOT_CONTEXT,
    );
    try {
      await context.with(trace.setSpan(ROOT_CONTEXT, span), async () => {
        await this.store.write([record]);
        await this.publisher.publishDurable(
          Subjects.healthState(transition.agentId),
          HealthStateChanged,
          toEvent(transition),
          {
            id: `health-${transition.agentId}-${transition.incarnation}-${record.lastSequence}-${transition.state}`,
          },
        );
      });
    } catch (error) {
      span.recordException(error as Error);
      this.logger.error(
        { err: error, agentId: transition.agentId, state: transition.state },
        'state change not published',
      );
    } finally {
      span.end();
    }
  }
}

function toEvent(transition: StateTransition): HealthStateChanged {
  const event = new HealthStateChanged();
  event.agentId = transition.agentId;
  event.hostId = transition.hostId;
  event.zone = transition.zone;
  event.incarnation = transition.incarnation;
  if (transition.previousState) event.previousState = transition.previousState;
  event.state = transition.state;
  event.reasons = transition.reasons
    .slice(0, MessageLimits.reasonItems)
    .map((reason) => reason.slice(0, MessageLimits.summaryLength));
  event.lastHeartbeatAt = new Date(transition.lastHeartbeatAt).toISOString();
  event.changedAt = new Date(transition.changedAt).toISOString();
  return event;
}
