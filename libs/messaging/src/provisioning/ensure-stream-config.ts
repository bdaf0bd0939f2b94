import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import { diffFields } from './config-diff';
import { isStreamNotFound } from './jetstream-not-found';
import { ProvisioningConflictError, type ProvisioningResult } from './provisioning-result';
import { replicaPlacementError, verifyReplicas } from './replica-placement';

export type DesiredStreamConfig = Partial<StreamConfig> & { name: string };

export interface StreamReconciliation {
  kind: 'stream' | 'bucket';
  desired: DesiredStreamConfig;
  /** Settings this code owns; anything else on the server (set by an operator) is left alone. */
  updatable: readonly (keyof StreamConfig & string)[];
  /** Owned settings the server cannot change in place. */
  immutable: readonly (keyof StreamConfig & string)[];
  create: () => Promise<unknown>;
}

/**
 * Creates the stream, or updates it when an owned setting differs from the server's; never deletes data.
 *
 * A different replica count is applied like any other owned setting (a clustered server moves the stream
 * to the new peer set in place). A count the servers cannot hold fails with JetStreamReplicasError, whether
 * the server refuses it or, as a single 2.9 server does on an update, accepts it without replicating.
 */
export async function reconcileStream(
  jsm: JetStreamManager,
  plan: StreamReconciliation,
): Promise<ProvisioningResult> {
  const result = await applyPlan(jsm, plan);
  await verifyReplicas(jsm, plan.kind, plan.desired.name, plan.desired.num_replicas ?? 1);
  return result;
}

async function applyPlan(jsm: JetStreamManager, plan: StreamReconciliation): Promise<ProvisioningResult> {
  const { kind, desired } = plan;
  const current = await currentStream(jsm, desired.name);
  if (!current) {
    await refusingReplicas(plan, () => plan.create());
    return { kind, name: desired.name, action: 'created', changes: [] };
  }
  const conflicts = diffFields(current.config, desired, plan.immutable);
  if (conflicts.length > 0) throw new ProvisioningConflictError(kind, desired.name, conflicts);
  const changes = diffFields(current.config, desired, plan.updatable);
  if (changes.length === 0) return { kind, name: desired.name, action: 'unchanged', changes };
  await refusingReplicas(plan, () => jsm.streams.update(desired.name, { ...current.config, ...desired }));
  return { kind, name: desired.name, action: 'updated', changes };
}

/** Runs a create or update, turning the server's replica refusals into the typed error naming JETSTREAM_REPLICAS. */
async function refusingReplicas(plan: StreamReconciliation, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw replicaPlacementError(error, plan.kind, plan.desired.name, plan.desired.num_replicas ?? 1) ?? error;
  }
}

async function currentStream(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw error;
  }
}
