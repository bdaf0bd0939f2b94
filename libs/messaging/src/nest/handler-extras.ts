import type { ExpectedMessage } from '../codec/message-codec';
import type { DurableConsumerOptions } from '../consuming/durable-consumer';

/** Key of Warden's settings inside a NestJS pattern's `extras`, so other transports' extras cannot clash. */
export const WARDEN_EXTRAS_KEY = 'warden';

export type DurableEventSettings = Pick<
  DurableConsumerOptions<object>,
  'durableName' | 'maxDeliver' | 'backoffMs' | 'ackWaitMs' | 'concurrency' | 'maxAckPending' | 'deliverPolicy'
> & {
  /** The JetStream stream holding the subject, e.g. `Streams.SUPERVISION.name`. */
  stream: string;
};

export interface CoreSettings {
  queue?: string;
  concurrency?: number;
}

/** How the JetStream transport binds one handler. */
export type WardenHandlerExtras =
  | ({ kind: 'durable'; messageClass: ExpectedMessage<object> } & DurableEventSettings)
  | ({ kind: 'core'; messageClass: ExpectedMessage<object> } & CoreSettings)
  | ({ kind: 'request'; messageClass: ExpectedMessage<object> } & CoreSettings);

export function wardenExtrasOf(extras: Record<string, unknown> | undefined): WardenHandlerExtras | undefined {
  return extras?.[WARDEN_EXTRAS_KEY] as WardenHandlerExtras | undefined;
}
