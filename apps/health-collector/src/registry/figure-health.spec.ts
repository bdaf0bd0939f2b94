import { DEFAULT_HEALTH_THRESHOLDS as T } from './health-thresholds';
import { INITIAL_FIGURE_HEALTH, nextFigureHealth, type FigureHealthState } from './figure-health';
import type { LoadSignals } from './load-signals';

const calm: LoadSignals = {
  errorRatio: 0,
  latencyEwmaMs: 50,
  cpuRatio: 0.2,
  memoryRatio: 0.3,
  saturation: 0.5,
};
const step = (state: FigureHealthState, signals: Partial<LoadSignals>) =>
  nextFigureHealth(state, { ...calm, ...signals }, T);

describe('nextFigureHealth', () => {
  it('stays healthy on calm figures', () => {
    expect(step(INITIAL_FIGURE_HEALTH, {}).health).toBe('healthy');
  });

  it('degrades at once when a signal reaches its degraded level, naming it', () => {
    const next = step(INITIAL_FIGURE_HEALTH, { errorRatio: 0.06 });
    expect(next.health).toBe('degraded');
    expect(next.reasons).toEqual(['errorRatio 0.06 ≥ 0.05']);
  });

  it('goes straight to unhealthy when a signal reaches the unhealthy level', () => {
    expect(step(INITIAL_FIGURE_HEALTH, { latencyEwmaMs: 12_000 }).health).toBe('unhealthy');
  });

  it('holds degraded while a signal sits between exit and enter (hysteresis)', () => {
    let state = step(INITIAL_FIGURE_HEALTH, { errorRatio: 0.06 });
    for (let i = 0; i < 10; i++) state = step(state, { errorRatio: 0.04 });
    expect(state.health).toBe('degraded');
  });

  it('recovers only after recoveryBeats consecutive good beats', () => {
    let state = step(INITIAL_FIGURE_HEALTH, { errorRatio: 0.06 });
    for (let i = 1; i < T.recoveryBeats; i++) {
      state = step(state, { errorRatio: 0.01 });
      expect(state.health).toBe('degraded');
    }
    state = step(state, { errorRatio: 0.01 });
    expect(state.health).toBe('healthy');
  });

  it('restarts the recovery count when a bad beat interrupts it', () => {
    let state = step(INITIAL_FIGURE_HEALTH, { errorRatio: 0.06 });
    state = step(state, { errorRatio: 0.01 });
    state = step(state, { errorRatio: 0.035 });
    for (let i = 1; i < T.recoveryBeats; i++) state = step(state, { errorRatio: 0.01 });
    expect(state.health).toBe('degraded');
  });

  it('steps down from unhealthy to degraded when figures are only partly better', () => {
    let state = step(INITIAL_FIGURE_HEALTH, { cpuRatio: 1 });
    expect(state.health).toBe('unhealthy');
    for (let i = 0; i < T.recoveryBeats; i++) state = step(state, { cpuRatio: 0.9 });
    expect(state.health).toBe('degraded');
  });

  it('ignores memory when the agent reports no limit', () => {
    expect(step(INITIAL_FIGURE_HEALTH, { memoryRatio: undefined }).health).toBe('healthy');
  });
});
