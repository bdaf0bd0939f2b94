import { DEFAULT_GROUP, NAMED_GROUP_INTENSITY_PER } from '../policy/default-recovery-policy';
import type { GroupPolicy } from '../policy/recovery-policy';
import { intensityKeyOf } from './intensity-scope';
import { RestartIntensityGate } from './restart-intensity-gate';

/** A named group as the policy loader builds it when the file says nothing about intensity. */
const workers: GroupPolicy = {
  ...DEFAULT_GROUP,
  name: 'workers',
  intensity: 5,
  periodMs: 60_000,
  intensityPer: NAMED_GROUP_INTENSITY_PER,
};
const agent = (index: number) => ({
  agentId: `worker-${index}`,
  hostId: `host-${index % 2}`,
  zone: 'zone-a',
});

/** Runs one restart per agent through the gate, each agent's history kept under its intensity key. */
function admitOnePerAgent(group: GroupPolicy, agents: number): boolean[] {
  const gate = new RestartIntensityGate(group.intensity, group.periodMs);
  const histories = new Map<string, number[]>();
  return Array.from({ length: agents }, (_, index) => {
    const key = intensityKeyOf(group, agent(index));
    const verdict = gate.admit(histories.get(key) ?? [], 1_000 + index);
    histories.set(key, verdict.history);
    return verdict.admitted;
  });
}

describe('intensityKeyOf (what OTP restart intensity counts)', () => {
  it('counts one_for_one restarts per group by default: ten agents crashing once trip a 5-per-period limit', () => {
    const admitted = admitOnePerAgent({ ...workers, strategy: 'one_for_one' }, 10);
    expect(admitted).toEqual([true, true, true, true, true, false, false, false, false, false]);
  });

  it('counts per agent only when the policy says intensityPer: agent', () => {
    const admitted = admitOnePerAgent({ ...workers, strategy: 'one_for_one', intensityPer: 'agent' }, 10);
    expect(admitted.every(Boolean)).toBe(true);
  });

  it("keys a zone- or host-scoped group's count by the failed agent's zone or host", () => {
    expect(intensityKeyOf({ ...workers, scope: 'host' }, agent(1))).toBe('intensity.group.workers.host-1');
    expect(intensityKeyOf({ ...workers, scope: 'zone' }, agent(1))).toBe('intensity.group.workers.zone-a');
    expect(intensityKeyOf(workers, agent(1))).toBe('intensity.group.workers.all');
  });
});
