import { nanos } from '@nats-io/nats-core';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { BucketSpec } from '@warden/contracts';
import { reconcileStream } from './ensure-stream-config';
import type { ReplicaOptions } from './ensure-stream';
import type { ProvisioningResult } from './provisioning-result';

/**
 * Creates the KV bucket, or updates its backing stream (`KV_<name>`) when history, TTL, value size,
 * description or replicas differ. Creation goes through Kvm so the bucket gets the KV-specific
 * settings (rollups, direct get, discard-new) nats.js expects.
 */
export async function ensureBucket(
  js: JetStreamClient,
  jsm: JetStreamManager,
  spec: BucketSpec,
  options: ReplicaOptions,
): Promise<ProvisioningResult> {
  const result = await reconcileStream(jsm, {
    kind: 'bucket',
    desired: {
      name: `KV_${spec.name}`,
      description: spec.description,
      storage: spec.storage,
      max_msgs_per_subject: spec.history,
      max_age: nanos(spec.ttlMs),
      max_msg_size: spec.maxValueBytes,
      num_replicas: options.replicas,
    },
    updatable: ['description', 'max_msgs_per_subject', 'max_age', 'max_msg_size', 'num_replicas'],
    immutable: ['storage'],
    create: () =>
      new Kvm(js).create(spec.name, {
        description: spec.description,
        history: spec.history,
        ttl: spec.ttlMs,
        maxValueSize: spec.maxValueBytes,
        storage: spec.storage,
        replicas: options.replicas,
      }),
  });
  return { ...result, name: spec.name };
}
