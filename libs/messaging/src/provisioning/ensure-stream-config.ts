import type { JetStreamManager, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import { diffFields } from './config-diff';
import { isStreamNotFound } from './jetstream-not-found';
import { ProvisioningConflictError, type ProvisioningResult } from './provisioning-result';

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

/** Creates the stream, or updates it when an owned setting differs from the server's; never deletes data. */
export async function reconcileStream(
  jsm: JetStreamManager,
  plan: StreamReconciliation,
): Promise<ProvisioningResult> {
  const { kind, desired } = plan;
  const current = await currentStream(jsm, desired.name);
  if (!current) {
    await plan.create();
    return { kind, name: desired.name, action: 'created', changes: [] };
  }
  const conflicts = diffFields(current.config, desired, plan.immutable);
  if (conflicts.length > 0) throw new ProvisioningConflictError(kind, desired.name, conflicts);
  const changes = diffFields(current.config, desired, plan.updatable);
  if (changes.length === 0) return { kind, name: desired.name, action: 'unchanged', changes };
  await jsm.streams.update(desired.name, { ...current.config, ...desired });
  return { kind, name: desired.name, action: 'updated', changes };
}

async function currentStream(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw error;
  }
}
