import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { FailureDetected, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { epochNowMs } from '../../framework/epoch-clock';

export interface ReceivedFailure {
  failure: FailureDetected;
  /** performance.now() and the sub-millisecond wall clock when it arrived here. */
  receivedAt: number;
  receivedAtEpochMs: number;
}

/** Every FailureDetected on `supervision.failures.*.*` (JetStream publishes reach core subscribers too). */
export class FailureWatch {
  readonly received = new Map<string, ReceivedFailure[]>();
  private readonly subscription: Subscription;

  constructor(connection: NatsConnection) {
    const codec = new MessageCodec();
    this.subscription = connection.subscribe(SubjectWildcards.failures, {
      callback: (error, message) => {
        if (error) return;
        const receivedAt = performance.now();
        const failure = codec.decode(message, FailureDetected).payload;
        const list = this.received.get(failure.agentId) ?? [];
        list.push({ failure, receivedAt, receivedAtEpochMs: epochNowMs() });
        this.received.set(failure.agentId, list);
      },
    });
  }

  first(agentId: string): ReceivedFailure | undefined {
    return this.received.get(agentId)?.[0];
  }

  /** Agents with a failure that are not in `expected`: false positives. */
  unexpected(expected: ReadonlySet<string>): string[] {
    return [...this.received.keys()].filter((agentId) => !expected.has(agentId));
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
