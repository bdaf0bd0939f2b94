import type { BucketName } from '../streams/bucket-spec';
import type { StreamName } from '../streams/stream-spec';
import type { SubjectKey } from '../subjects/subject-templates';
import type { IdentityKind } from './identity-kinds';

/** A durable JetStream consumer an identity creates and pulls from (acks included). */
export interface DurableConsumerUse {
  /** The catalogue subject the consumer filters on; its stream comes from the catalogue. */
  readonly subject: SubjectKey;
  /**
   * The durable name when it is not the default of messaging's JetStreamServer
   * (`<service>-<subject wildcard with . → _ and * → any>`).
   */
  readonly name?: string;
}

/** A KV bucket an identity opens: what it reads, which keys it watches and which it writes. */
export interface BucketUse {
  readonly bucket: BucketName;
  /**
   * Gets, history and key listings. Bucket-wide: on these buckets a get is a STREAM.MSG.GET whose key
   * travels in the request body, which NATS permissions cannot see.
   */
  readonly reads: boolean;
  /** Key patterns (NATS wildcards, no `$KV.<bucket>.` prefix) watched through ordered consumers. */
  readonly watches?: readonly string[];
  /** Key patterns put, created, updated or deleted. */
  readonly writes?: readonly string[];
}

/**
 * What one identity kind does on NATS beyond what the subject catalogue's publisher and consumer rows
 * say: how it reads the JetStream subjects it consumes, its JetStream resources and its buckets.
 */
export interface IdentityAccess {
  readonly kind: IdentityKind;
  readonly description: string;
  /** JetStream subjects it follows with a plain core subscription (live only, no consumer). */
  readonly liveSubscriptions?: readonly SubjectKey[];
  readonly durableConsumers?: readonly DurableConsumerUse[];
  /** JetStream subjects it replays through ephemeral ordered consumers (history, look-ups). */
  readonly historyReads?: readonly SubjectKey[];
  /** Streams it reads single messages of by sequence (STREAM.MSG.GET). */
  readonly messageGets?: readonly StreamName[];
  /** Streams and buckets it creates or updates at start (the service module's provisioning lists). */
  readonly provisions?: { readonly streams: readonly StreamName[]; readonly buckets: readonly BucketName[] };
  readonly buckets?: readonly BucketUse[];
  /** Receives the server's connect and disconnect advisories of the WARDEN account. */
  readonly advisories?: boolean;
  /**
   * Sees every subject and reads every stream and bucket (operators): what the catalogue lists it as
   * consuming is then a subset, not a rule.
   */
  readonly observesEverything?: boolean;
}
