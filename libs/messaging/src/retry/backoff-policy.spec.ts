import { delayFor, type BackoffPolicy } from './backoff-policy';

const doubling: BackoffPolicy = { initialMs: 100, multiplier: 2, maxMs: 1_000, jitter: { kind: 'none' } };
const at = (value: number) => (): number => value;

describe('delayFor', () => {
  it('grows from initialMs by the multiplier per earlier attempt, capped at maxMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => delayFor(doubling, attempt))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('adds stepMs per earlier attempt for linear growth', () => {
    const linear: BackoffPolicy = {
      initialMs: 500,
      multiplier: 1,
      stepMs: 250,
      maxMs: 1_200,
      jitter: { kind: 'none' },
    };
    expect([1, 2, 3, 4].map((attempt) => delayFor(linear, attempt))).toEqual([500, 750, 1_000, 1_200]);
  });

  it('counts an attempt below 1 as the first', () => {
    expect(delayFor(doubling, 0)).toBe(100);
  });

  it('full jitter waits a random part of the delay', () => {
    const full: BackoffPolicy = { ...doubling, jitter: { kind: 'full' } };
    expect(delayFor(full, 2, at(0))).toBe(0);
    expect(delayFor(full, 2, at(0.5))).toBe(100);
  });

  it('equal jitter keeps the lower half and draws the upper half', () => {
    const equal: BackoffPolicy = { ...doubling, jitter: { kind: 'equal' } };
    expect(delayFor(equal, 3, at(0))).toBe(200);
    expect(delayFor(equal, 3, at(0.5))).toBe(300);
  });

  it('proportional jitter spreads by ±ratio and stays within 0 and maxMs', () => {
    const spread: BackoffPolicy = {
      initialMs: 1_000,
      multiplier: 1,
      maxMs: 1_100,
      jitter: { kind: 'proportional', ratio: 0.2 },
    };
    expect(delayFor(spread, 1, at(0))).toBe(800);
    expect(delayFor(spread, 1, at(0.25))).toBe(900);
    expect(delayFor(spread, 1, at(0.75))).toBe(1_100);
    expect(delayFor({ ...spread, jitter: { kind: 'proportional', ratio: 2 } }, 1, at(0))).toBe(0);
  });
});
