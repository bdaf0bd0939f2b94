import { DEFAULT_GROUP } from '../policy/default-recovery-policy';
import type { BackoffPolicy } from '../policy/recovery-policy';
import { Backoff } from './backoff';

const noJitter = (): number => 0.5;
const policy = (overrides: Partial<BackoffPolicy>): BackoffPolicy => ({
  ...DEFAULT_GROUP.backoff,
  jitter: 0,
  ...overrides,
});

describe('Backoff', () => {
  it('exponential: the first restart waits min, then doubles, capped at max', () => {
    const backoff = new Backoff(policy({ kind: 'exponential', minMs: 100, factor: 2, maxMs: 1_000 }));
    expect([1, 2, 3, 4, 5, 6].map((n) => backoff.delayMs(n, noJitter))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('linear: min plus one step per earlier restart, capped at max', () => {
    const backoff = new Backoff(policy({ kind: 'linear', minMs: 500, stepMs: 250, maxMs: 1_200 }));
    expect([1, 2, 3, 4, 5].map((n) => backoff.delayMs(n, noJitter))).toEqual([500, 750, 1_000, 1_200, 1_200]);
  });

  it('fixed: always min', () => {
    const backoff = new Backoff(policy({ kind: 'fixed', minMs: 300 }));
    expect([1, 7, 50].map((n) => backoff.delayMs(n, noJitter))).toEqual([300, 300, 300]);
  });

  it('min 0 restarts at once', () => {
    const backoff = new Backoff(policy({ kind: 'exponential', minMs: 0 }));
    expect(backoff.delayMs(1, noJitter)).toBe(0);
    expect(backoff.delayMs(9, noJitter)).toBe(0);
  });

  it('spreads by ±jitter around the delay and never past max', () => {
    const backoff = new Backoff(policy({ kind: 'fixed', minMs: 1_000, maxMs: 1_100, jitter: 0.2 }));
    expect(backoff.delayMs(1, () => 0)).toBe(800);
    expect(backoff.delayMs(1, () => 0.999_999)).toBe(1_100);
    expect(backoff.delayMs(1, () => 0.75)).toBe(1_100);
    expect(backoff.delayMs(1, () => 0.25)).toBe(900);
  });

  it('counts restarts in a streak and starts over after resetAfterMs without a restart', () => {
    const backoff = new Backoff(policy({ resetAfterMs: 60_000 }));
    expect(backoff.nextRestartNumber({ consecutive: 0 }, 0)).toBe(1);
    expect(backoff.nextRestartNumber({ consecutive: 3, lastRestartAt: 100_000 }, 159_999)).toBe(4);
    expect(backoff.nextRestartNumber({ consecutive: 3, lastRestartAt: 100_000 }, 160_000)).toBe(1);
  });
});
