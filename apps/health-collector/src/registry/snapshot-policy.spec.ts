import type { AgentEntry } from './agent-entry';
import type { LoadFigures } from './load-signals';
import { DEFAULT_SNAPSHOT_POLICY as policy, snapshotDue } from './snapshot-policy';

const load: LoadFigures = {
  capacity: 4,
  inFlightTasks: 1,
  queueDepth: 0,
  cpuRatio: 0.3,
  memoryBytes: 1_000_000,
  latencyEwmaMs: 100,
  errorRatio: 0.01,
};
const entry = (current: Partial<LoadFigures>, writtenAt?: number): AgentEntry =>
  ({
    load: { ...load, ...current },
    written: writtenAt === undefined ? undefined : { at: writtenAt, load },
  }) as AgentEntry;

describe('snapshotDue', () => {
  it('is due when never written and when the record is older than maxAgeMs', () => {
    expect(snapshotDue(entry({}), 0, policy)).toBe(true);
    expect(snapshotDue(entry({}, 0), policy.maxAgeMs - 1, policy)).toBe(false);
    expect(snapshotDue(entry({}, 0), policy.maxAgeMs, policy)).toBe(true);
  });

  it.each([
    ['in-flight work changes', { inFlightTasks: 2 }],
    ['the queue changes', { queueDepth: 1 }],
    ['cpu moves by more than the ratio step', { cpuRatio: 0.36 }],
    ['errors move by more than the ratio step', { errorRatio: 0.07 }],
    ['latency moves by 20 %', { latencyEwmaMs: 120 }],
    ['memory moves by 20 %', { memoryBytes: 1_200_000 }],
  ])('is due when %s', (_name, change) => {
    expect(snapshotDue(entry(change, 0), 1, policy)).toBe(true);
  });

  it('is not due for small drifts', () => {
    expect(
      snapshotDue(entry({ cpuRatio: 0.32, latencyEwmaMs: 110, memoryBytes: 1_100_000 }, 0), 1, policy),
    ).toBe(false);
  });
});
