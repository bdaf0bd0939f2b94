import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { HealthStateChanged, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { AgentHealthTracker } from './agent-health-tracker';
import type { FleetRegistryView } from './fleet-registry-view';

/**
 * Feeds the health tracker on every replica: each HealthStateChanged as it is published (a plain
 * subscription sees JetStream publishes too, and every replica must see all of them, so no queue
 * group), and each registry record, which the collector writes before it publishes the event — so a
 * replica that starts, or takes a run over, after the event still learns the outcome.
 */
export class HealthFeed {
  private readonly codec = new MessageCodec();
  private subscription?: Subscription;
  private detach?: () => void;

  constructor(
    private readonly connection: NatsConnection,
    private readonly registry: FleetRegistryView,
    private readonly tracker: AgentHealthTracker,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.detach = this.registry.onPut((record) => this.tracker.observe(record));
    for (const record of this.registry.all()) this.tracker.observe(record);
    this.subscription = this.connection.subscribe(SubjectWildcards.healthState, {
      callback: (error, message) => {
        if (error) return;
        try {
          const change = this.codec.decode(message, HealthStateChanged).payload;
          this.tracker.observe({
            agentId: change.agentId,
            incarnation: change.incarnation,
            state: change.state,
          });
        } catch (decodeError) {
          this.logger.debug(
            { err: decodeError, subject: message.subject },
            'unreadable health change skipped',
          );
        }
      },
    });
  }

  stop(): void {
    this.detach?.();
    this.subscription?.unsubscribe();
  }
}
