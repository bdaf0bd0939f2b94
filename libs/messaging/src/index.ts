// Public surface of @warden/messaging: a framework-free core (connection, provisioning, codec,
// publisher, consumers, dead letters, partitions) and the NestJS layer under ./nest.
export { NatsConnectionConfig } from './connection/nats-connection-config';
export { toConnectionOptions, CredentialFileError } from './connection/connection-options';
export { NatsClient, connectNats, type ConnectNatsOptions } from './connection/nats-client';
export { ServerVersion } from './connection/server-version';

export { ensureStream, streamConfigOf, type ReplicaOptions } from './provisioning/ensure-stream';
export { ensureBucket } from './provisioning/ensure-bucket';
export { ensureConsumer, type DurableConsumerSpec } from './provisioning/ensure-consumer';
export { JetStreamReplicasError } from './provisioning/jetstream-replicas-error';
export {
  ProvisioningConflictError,
  UnsupportedServerFeatureError,
  type FieldChange,
  type ProvisionedKind,
  type ProvisioningResult,
} from './provisioning/provisioning-result';

export {
  MessageCodec,
  type DecodedMessage,
  type EncodedMessage,
  type ExpectedMessage,
  type IncomingMessage,
  type MessageClassMap,
  type OutgoingEnvelope,
} from './codec/message-codec';
export { DecodeError, type DecodeFailureReason } from './codec/decode-error';
export { MessageTooLargeError } from './codec/message-too-large-error';
export { natsHeadersGetter, natsHeadersSetter } from './codec/nats-headers-carrier';

export {
  Publisher,
  type DurablePublishResult,
  type PublishOptions,
  type RequestOptions,
} from './publishing/publisher';
export {
  DEFAULT_DURABLE_PUBLISH_RETRY,
  DurablePublishError,
  type RetryBound,
} from './publishing/durable-publish-retry';
export {
  NoRespondersError,
  RemoteHandlerError,
  RemoteValidationError,
  RequestFailedError,
  RequestTimeoutError,
} from './publishing/request-errors';
export { RequestRejectedError } from './publishing/request-rejected-error';
export {
  REQUEST_DEFAULT_CONCURRENCY,
  type RequestHandler,
  type ServeRequestsOptions,
} from './publishing/request-responder';

export { BackoffSchedule, InvalidBackoffScheduleError } from './consuming/backoff-schedule';
export { delayFor, type BackoffPolicy, type Jitter } from './retry/backoff-policy';
export { retry, type RetryOptions } from './retry/retry';
export { ConcurrencyLimiter } from './consuming/concurrency-limiter';
export { CoreSubscription } from './consuming/core-subscription';
export { CORE_EVENT_DEFAULT_CONCURRENCY, type CoreEventOptions } from './consuming/core-event-subscriber';
export {
  DURABLE_CONSUMER_DEFAULTS,
  DurableConsumer,
  type DurableConsumerOptions,
} from './consuming/durable-consumer';
export {
  DeadLetterPublisher,
  decodeFailureDetails,
  type DeadLetterRequest,
  type FailureDetail,
  type JetStreamOrigin,
} from './consuming/dead-letter-publisher';
export {
  UnrecoverableMessageError,
  type MessageContext,
  type MessageHandler,
} from './consuming/message-context';

export { MessagingMetrics } from './metrics/messaging-metrics';
export { MessagingTracer } from './tracing/messaging-tracer';
export { Messaging, type MessagingOptions, type ProvisionOptions } from './runtime/messaging';
export type { MessagingRuntime } from './runtime/messaging-runtime';

export {
  PartitionOwnership,
  type PartitionOwnershipEvents,
  type PartitionOwnershipOptions,
  type PartitionReleaseReason,
} from './partitions/partition-ownership';
export { assignPartitions, rendezvousWeight } from './partitions/rendezvous-assignment';
export { HeartbeatIngest, type HeartbeatIngestEvents } from './partitions/heartbeat-ingest';
export { BoundedDeadLetters, type DeadLetterSubmission } from './consuming/bounded-dead-letters';

export { CorruptRegistryRecordError, decodeAgentRecord } from './registry/agent-record-decoding';
export { AgentRegistryReader } from './registry/agent-registry-reader';
export {
  watchAgentRegistry,
  type AgentRegistryWatch,
  type AgentRegistrySink,
} from './registry/agent-registry-watch';

export { MessagingModule, type MessagingModuleAsyncOptions } from './nest/messaging.module';
export {
  MESSAGING_OPTIONS,
  MissingMessagingDependencyError,
  type MessagingModuleOptions,
} from './nest/messaging-module-options';
export { MessagingReadiness, NATS_READINESS_CHECK } from './nest/messaging-readiness';
export { JetStreamServer, HandlerBindingError, WARDEN_JETSTREAM_TRANSPORT } from './nest/jetstream-server';
export { JetStreamContext } from './nest/jetstream-context';
export { CoreEvent, DurableEvent, Request } from './nest/messaging-decorators';
export { PassThroughRpcFilter } from './nest/pass-through-rpc-filter';
export {
  WARDEN_EXTRAS_KEY,
  type CoreSettings,
  type DurableEventSettings,
  type WardenHandlerExtras,
} from './nest/handler-extras';

export { isRevisionConflict, isKeyExists, isWriteConflict } from './kv/revision-conflict';
export { WriteContentionError } from './kv/write-contention-error';
export { type RecordDecoder, trustedRecord, parseRecord, storedBytes } from './kv/kv-record-codec';
export {
  KvRecords,
  type Stored,
  type Change,
  type Decided,
  type MutateOptions,
  type KvRecordsOptions,
} from './kv/kv-records';
export { BucketMirror, type MirrorSink, type BucketMirrorOptions } from './kv/bucket-mirror';
export { KvBucket } from './kv/kv-bucket';
export {
  LeaderElection,
  electionKey,
  type Leadership,
  type LeadershipLossReason,
  type LeaderElectionOptions,
} from './election/leader-election';
export { systemClock, type ElectionClock, type LeaseStore, type StoredLease } from './election/lease-store';
export { KvLeaseStore } from './election/kv-lease-store';
export { currentLeaders, revokeLeadershipsOf, type ObservedLeader } from './election/leader-observer';

export {
  FencedResources,
  fenceKey,
  type FencedEntry,
  type FencedResourcesOptions,
} from './fencing/fenced-resources';
export { checkFencingToken } from './fencing/fencing-token-check';
export {
  CorruptFencedRecordError,
  FencingContentionError,
  InvalidFencingTokenError,
  StaleFencingTokenError,
} from './fencing/fencing-errors';
