import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { HealthStateChanged, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';

export class RecoveryTimeoutError extends Error {
  constructor(
    readonly agentIds: string[],
    timeoutMs: number,
  ) {
    super(
      `${agentIds.length} crashed agents not reported healthy again within ${timeoutMs} ms: ${agentIds.join(', ')}`,
    );
    this.name = 'RecoveryTimeoutError';
  }
}

interface Waiter {
  afterIncarnation: number;
  resolve: (receivedAt: number) => void;
}

/**
 * Watches the health collector's HealthStateChanged events and resolves, per agent, when one says
 * `healthy` for an incarnation newer than the crashed one: the end of a recovery as Warden defines it.
 */
export class HealthyAgainWatch {
  private readonly codec = new MessageCodec();
  private readonly waiters = new Map<string, Waiter>();
  private readonly subscription: Subscription;

  constructor(connection: NatsConnection) {
    this.subscription = connection.subscribe(SubjectWildcards.healthState, {
      callback: (error, message) => {
        if (error) return;
        const receivedAt = performance.now();
        const change = this.codec.decode(message, HealthStateChanged).payload;
        const waiter = this.waiters.get(change.agentId);
        if (waiter && change.state === 'healthy' && change.incarnation > waiter.afterIncarnation) {
          this.waiters.delete(change.agentId);
          waiter.resolve(receivedAt);
        }
      },
    });
  }

  /** performance.now() when the agent is reported healthy with an incarnation above `afterIncarnation`. */
  healthyAgain(agentId: string, afterIncarnation: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(agentId);
        reject(new RecoveryTimeoutError([agentId], timeoutMs));
      }, timeoutMs);
      this.waiters.set(agentId, {
        afterIncarnation,
        resolve: (receivedAt) => {
          clearTimeout(timer);
          resolve(receivedAt);
        },
      });
    });
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
