import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsClient } from '../connection/nats-client';
import type { ReadConsumerLag } from './consumer-lag-monitor';

/** Reads lag from JetStream consumer info; the manager is made once (making one costs an API round trip). */
export function jetStreamLagReader(client: NatsClient): ReadConsumerLag {
  let manager: Promise<JetStreamManager> | undefined;
  return async (stream, consumer) => {
    manager ??= client.jetstreamManager().catch((error: unknown) => {
      manager = undefined;
      throw error;
    });
    const info = await (await manager).consumers.info(stream, consumer);
    return {
      pending: info.num_pending,
      ackPending: info.num_ack_pending,
      redelivered: info.num_redelivered,
    };
  };
}
