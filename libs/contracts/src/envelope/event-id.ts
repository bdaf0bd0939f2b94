import { randomUUID } from 'node:crypto';

/** A fresh `ce-id` (UUID v4); also the `Nats-Msg-Id`, so a retried publish is de-duplicated by JetStream. */
export function newEventId(): string {
  return randomUUID();
}
