import { nanos } from '@nats-io/nats-core';
import {
  AckPolicy,
  DeliverPolicy,
  ReplayPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { ServerVersion } from '../connection/server-version';
import { diffFields } from './config-diff';
import { isConsumerNotFound } from './jetstream-not-found';
import {
  ProvisioningConflictError,
  UnsupportedServerFeatureError,
  type ProvisioningResult,
} from './provisioning-result';

/** A durable pull consumer, named after the service so all its replicas share it. */
export interface DurableConsumerSpec {
  stream: string;
  durableName: string;
  filterSubjects: readonly string[];
  ackWaitMs: number;
  /** Server-side delivery bound; -1 for none (the durable consumer enforces its own bound, see its docs). */
  maxDeliver: number;
  maxAckPending: number;
  /** Where a *new* durable starts; an existing one keeps its position. */
  deliverPolicy: 'all' | 'new';
  description?: string;
}

type FilterFields = Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>;

const UPDATABLE = [
  'description',
  'ack_wait',
  'max_deliver',
  'max_ack_pending',
  'filter_subject',
  'filter_subjects',
] as const;
const IMMUTABLE = ['ack_policy', 'deliver_policy'] as const;

/** Creates the durable, or updates it when a declared setting differs; checks server support for several filters. */
export async function ensureConsumer(
  jsm: JetStreamManager,
  serverVersion: ServerVersion,
  spec: DurableConsumerSpec,
): Promise<ProvisioningResult> {
  const desired: Partial<ConsumerConfig> = {
    durable_name: spec.durableName,
    description: spec.description,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: spec.deliverPolicy === 'all' ? DeliverPolicy.All : DeliverPolicy.New,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    max_ack_pending: spec.maxAckPending,
    ...filterFields(spec, serverVersion),
  };
  const current = await currentConsumer(jsm, spec.stream, spec.durableName);
  if (!current) {
    await jsm.consumers.add(spec.stream, desired);
    return { kind: 'consumer', name: spec.durableName, action: 'created', changes: [] };
  }
  const conflicts = diffFields(current.config, desired, IMMUTABLE);
  if (conflicts.length > 0) throw new ProvisioningConflictError('consumer', spec.durableName, conflicts);
  const changes = diffFields(current.config, desired, UPDATABLE);
  if (changes.length === 0) return { kind: 'consumer', name: spec.durableName, action: 'unchanged', changes };
  const {
    durable_name: _name,
    ack_policy: _ack,
    deliver_policy: _deliver,
    replay_policy: _replay,
    ...update
  } = desired;
  await jsm.consumers.update(spec.stream, spec.durableName, update);
  return { kind: 'consumer', name: spec.durableName, action: 'updated', changes };
}

/** nats-server 2.9 knows only `filter_subject`; `filter_subjects` (several) came with 2.10. */
function filterFields(spec: DurableConsumerSpec, serverVersion: ServerVersion): FilterFields {
  if (spec.filterSubjects.length <= 1) return { filter_subject: spec.filterSubjects[0] };
  if (!serverVersion.supportsMultipleFilterSubjects) {
    throw new UnsupportedServerFeatureError(
      `consumer ${spec.durableName} with several filter subjects`,
      serverVersion.toString(),
      '2.10.0',
    );
  }
  return { filter_subjects: [...spec.filterSubjects] };
}

async function currentConsumer(
  jsm: JetStreamManager,
  stream: string,
  durableName: string,
): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(stream, durableName);
  } catch (error) {
    if (isConsumerNotFound(error)) return undefined;
    throw error;
  }
}
