import { nanos } from '@nats-io/nats-core';
import { DiscardPolicy, type JetStreamManager } from '@nats-io/jetstream';
import type { StreamSpec } from '@warden/contracts';
import { reconcileStream, type DesiredStreamConfig } from './ensure-stream-config';
import type { ProvisioningResult } from './provisioning-result';

export interface ReplicaOptions {
  replicas: number;
}

export function streamConfigOf(spec: StreamSpec, options: ReplicaOptions): DesiredStreamConfig {
  return {
    name: spec.name,
    description: spec.description,
    subjects: [...spec.subjects],
    retention: spec.retention,
    storage: spec.storage,
    max_age: nanos(spec.maxAgeMs),
    duplicate_window: nanos(spec.duplicateWindowMs),
    max_msg_size: spec.maxMsgBytes,
    max_bytes: spec.maxBytes,
    num_replicas: options.replicas,
    discard: DiscardPolicy.Old,
  };
}

/** Creates the stream, or updates it when a declared setting differs from the server's. */
export async function ensureStream(
  jsm: JetStreamManager,
  spec: StreamSpec,
  options: ReplicaOptions,
): Promise<ProvisioningResult> {
  const desired = streamConfigOf(spec, options);
  return reconcileStream(jsm, {
    kind: 'stream',
    desired,
    updatable: [
      'description',
      'subjects',
      'max_age',
      'duplicate_window',
      'max_msg_size',
      'max_bytes',
      'num_replicas',
      'discard',
    ],
    immutable: ['retention', 'storage'],
    create: () => jsm.streams.add(desired),
  });
}
