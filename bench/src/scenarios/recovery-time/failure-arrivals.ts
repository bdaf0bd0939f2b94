import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { FailureDetected, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';

/** When each FailureDetected arrived (performance.now()), by agent and incarnation: splits a recovery into detection and the rest. */
export class FailureArrivals {
  private readonly codec = new MessageCodec();
  private readonly arrivals = new Map<string, number>();
  private readonly subscription: Subscription;

  constructor(connection: NatsConnection) {
    this.subscription = connection.subscribe(SubjectWildcards.failures, {
      callback: (error, message) => {
        if (error) return;
        const failure = this.codec.decode(message, FailureDetected).payload;
        const key = `${failure.agentId}#${failure.incarnation}`;
        if (!this.arrivals.has(key)) this.arrivals.set(key, performance.now());
      },
    });
  }

  arrivedAt(agentId: string, incarnation: number): number | undefined {
    return this.arrivals.get(`${agentId}#${incarnation}`);
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
