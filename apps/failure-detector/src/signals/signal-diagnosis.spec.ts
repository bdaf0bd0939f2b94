import { DEFAULT_DETECTION_SETTINGS } from '../settings/detection-settings';
import { healthyFigures } from './figures.test-helper';
import type { HeartbeatFigures } from './heartbeat-figures';
import { SignalDiagnosis, type SignalFinding } from './signal-diagnosis';
import type { SignalRules } from './signal-rule-settings';

/** Default rules with short windows, so a series of one-second beats exercises them. */
function rules(): SignalRules {
  const signals = structuredClone(DEFAULT_DETECTION_SETTINGS.signals);
  for (const rule of Object.values(signals)) rule.forMs = 5_000;
  return signals;
}

/** Beats once per second from t = 0 with the figures `at(i)` returns; every finding with its beat time. */
function run(
  diagnosis: SignalDiagnosis,
  beats: number,
  figures: (i: number) => Partial<HeartbeatFigures>,
): { at: number; finding: SignalFinding }[] {
  const found: { at: number; finding: SignalFinding }[] = [];
  for (let i = 0; i < beats; i++) {
    const at = i * 1_000;
    for (const finding of diagnosis.observe(healthyFigures({ sequence: i + 1, ...figures(i) }), at))
      found.push({ at, finding });
  }
  return found;
}

describe('SignalDiagnosis', () => {
  it('finds nothing in healthy figures', () => {
    expect(run(new SignalDiagnosis(rules()), 120, (i) => ({ tasksCompleted: 100 + i }))).toEqual([]);
  });

  it('high error rate: above the ratio for the window, once, with the observation', () => {
    const found = run(new SignalDiagnosis(rules()), 20, () => ({ errorRatio: 0.8, tasksFailed: 40 }));
    expect(found).toHaveLength(1);
    expect(found[0].at).toBe(5_000);
    expect(found[0].finding).toMatchObject({
      failureType: 'high-error-rate',
      severity: 'medium',
      heldMs: 5_000,
      episodeSequence: 1,
      condition: { metric: 'errorRatio', value: 0.8, threshold: 0.5 },
    });
  });

  it('dependency failure: a dependency reported down on every beat for the window, once, naming it', () => {
    const found = run(new SignalDiagnosis(rules()), 20, (i) => ({
      dependenciesDown: i < 2 ? [] : ['postgres', 'search-index'],
    }));
    expect(found).toHaveLength(1);
    expect(found[0].at).toBe(7_000);
    expect(found[0].finding).toMatchObject({
      rule: 'dependencyFailure',
      failureType: 'dependency-failure',
      severity: 'high',
      heldMs: 5_000,
      episodeSequence: 3,
    });
    expect(found[0].finding.condition.metric).toBeUndefined();
    expect(found[0].finding.condition.note).toBe('dependencies reported down: postgres, search-index');
  });

  it('dependency failure re-arms when the agent reports its dependencies up again', () => {
    const found = run(new SignalDiagnosis(rules()), 30, (i) => ({
      dependenciesDown: i % 15 < 10 ? ['postgres'] : [],
    }));
    expect(found.map(({ at }) => at)).toEqual([5_000, 20_000]);
  });

  it('high error rate needs enough finished tasks to be a rate', () => {
    const found = run(new SignalDiagnosis(rules()), 20, () => ({
      errorRatio: 1,
      tasksCompleted: 0,
      tasksFailed: 3,
    }));
    expect(found).toEqual([]);
  });

  it('high latency: EWMA over the SLO for the window', () => {
    const found = run(new SignalDiagnosis(rules()), 20, (i) => ({
      latencyEwmaMs: 15_000,
      tasksCompleted: 100 + i,
    }));
    expect(found.map(({ finding }) => finding.failureType)).toEqual(['high-latency']);
    expect(found[0].finding.condition).toMatchObject({
      metric: 'latencyEwmaMs',
      value: 15_000,
      threshold: 10_000,
    });
  });

  it('resource exhaustion: CPU, memory against its limit, or the queue', () => {
    const cpu = run(new SignalDiagnosis(rules()), 10, () => ({ cpuRatio: 0.99 }));
    expect(cpu.map(({ finding }) => finding.condition.metric)).toEqual(['cpuRatio']);
    const memory = run(new SignalDiagnosis(rules()), 10, () => ({ memoryBytes: 990_000_000 }));
    expect(
      memory.map(({ finding }) => [
        finding.failureType,
        finding.condition.metric,
        finding.condition.threshold,
      ]),
    ).toEqual([['resource-exhaustion', 'memoryBytes', 950_000_000]]);
    const queue = run(new SignalDiagnosis(rules()), 10, () => ({ queueDepth: 5_000 }));
    expect(queue.map(({ finding }) => finding.condition.metric)).toEqual(['queueDepth']);
    expect(queue[0].finding.severity).toBe('high');
  });

  it('stuck: in-flight work and no task finished for the window', () => {
    const found = run(new SignalDiagnosis(rules()), 20, (i) =>
      i < 5 ? { inFlightTasks: 2, tasksCompleted: 100 + i } : { inFlightTasks: 2, tasksCompleted: 104 },
    );
    expect(found).toHaveLength(1);
    expect(found[0].finding.failureType).toBe('stuck');
    // Beat 5 (t = 5 s) is the first without progress; the window of 5 s ends at t = 10 s.
    expect(found[0].at).toBe(10_000);
    expect(found[0].finding.episodeSequence).toBe(6);
    expect(found[0].finding.condition).toMatchObject({ metric: 'inFlightTasks', value: 2 });
  });

  it('stuck is not idle: no in-flight work is never stuck', () => {
    expect(run(new SignalDiagnosis(rules()), 30, () => ({ inFlightTasks: 0 }))).toEqual([]);
  });

  it('memory leak: a straight climb that reaches the limit within the horizon', () => {
    const signals = rules();
    Object.assign(signals.memoryLeak, {
      windowMs: 60_000,
      minSpanMs: 10_000,
      minSamples: 5,
      horizonMs: 600_000,
    });
    // +2 MB per second from 100 MB toward a 1 GB limit: about 450 s to the limit, inside 600 s.
    const found = run(new SignalDiagnosis(signals), 40, (i) => ({
      memoryBytes: 100_000_000 + i * 2_000_000,
    }));
    expect(found.map(({ finding }) => finding.failureType)).toEqual(['memory-leak']);
    const { condition, heldMs } = found[0].finding;
    expect(condition).toMatchObject({ metric: 'memoryBytes', threshold: 1_000_000_000 });
    expect(condition.note).toMatch(/120000000 B\/min/);
    expect(heldMs).toBeGreaterThanOrEqual(5_000);
  });

  it('memory leak: not for a climb that would take longer than the horizon, nor for noise', () => {
    const signals = rules();
    Object.assign(signals.memoryLeak, {
      windowMs: 60_000,
      minSpanMs: 10_000,
      minSamples: 5,
      horizonMs: 60_000,
    });
    expect(
      run(new SignalDiagnosis(signals), 60, (i) => ({ memoryBytes: 100_000_000 + i * 2_000_000 })),
    ).toEqual([]);
    Object.assign(signals.memoryLeak, { horizonMs: 100_000_000 });
    const noise = run(new SignalDiagnosis(signals), 60, (i) => ({
      memoryBytes: 100_000_000 + ((i * 7_919) % 13) * 1_000_000,
    }));
    expect(noise).toEqual([]);
  });

  it('fires again after the condition cleared and returned (a new episode)', () => {
    const found = run(new SignalDiagnosis(rules()), 40, (i) => ({
      cpuRatio: i < 10 || i >= 20 ? 0.99 : 0.1,
    }));
    expect(found.map(({ at }) => at)).toEqual([5_000, 25_000]);
    expect(found.map(({ finding }) => finding.episodeSequence)).toEqual([1, 21]);
  });

  it('skips a disabled rule', () => {
    const signals = rules();
    signals.resourceExhaustion.enabled = false;
    expect(run(new SignalDiagnosis(signals), 20, () => ({ cpuRatio: 0.99 }))).toEqual([]);
  });
});
