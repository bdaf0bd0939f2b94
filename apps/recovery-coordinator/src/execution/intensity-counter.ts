import type { RecoveryContext } from '../engine/recovery-context';
import type { GroupPolicy } from '../policy/recovery-policy';
import type { IntensityRecord, RunTarget } from '../state/recovery-records';
import { intensityKeyOf } from '../supervision/intensity-scope';
import { RestartIntensityGate } from '../supervision/restart-intensity-gate';

export type IntensityOutcome = { admitted: true } | { admitted: false; restartsInPeriod: number };

const EMPTY: IntensityRecord = { restarts: [] };

/**
 * A group's restart intensity, shared by every replica through its KV record (compare-and-set): admits
 * a restart and counts it, or refuses it; gives back a restart that was counted but then not commanded.
 */
export class IntensityCounter {
  constructor(private readonly context: RecoveryContext) {}

  async admit(group: GroupPolicy, failed: RunTarget, now: number): Promise<IntensityOutcome> {
    const gate = new RestartIntensityGate(group.intensity, group.periodMs);
    const { result } = await this.context.store.mutate<IntensityRecord, IntensityOutcome>(
      intensityKeyOf(group, failed),
      EMPTY,
      (record) => {
        const verdict = gate.admit(record.restarts, now);
        return {
          next: { restarts: verdict.history },
          result: verdict.admitted
            ? { admitted: true }
            : { admitted: false, restartsInPeriod: verdict.restartsInPeriod },
        };
      },
    );
    return result;
  }

  async refund(group: GroupPolicy, failed: RunTarget, countedAt: number): Promise<void> {
    await this.context.store.mutate<IntensityRecord, void>(intensityKeyOf(group, failed), EMPTY, (record) => {
      const index = record.restarts.lastIndexOf(countedAt);
      if (index < 0) return { result: undefined };
      return { next: { restarts: record.restarts.filter((_, at) => at !== index) }, result: undefined };
    });
  }

  /** The restarts counted in the group's period, for an escalation's evidence. */
  async counted(group: GroupPolicy, failed: RunTarget): Promise<number[]> {
    const stored = await this.context.store.read<IntensityRecord>(intensityKeyOf(group, failed));
    return stored?.value.restarts ?? [];
  }
}
