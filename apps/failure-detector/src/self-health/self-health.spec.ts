import { StallLog } from './stall-log';
import { TickLateness } from './tick-lateness';

describe('TickLateness', () => {
  it('reports a tick later than interval + tolerance as a stall from the expected time to now', () => {
    const ticks = new TickLateness(100, 250);
    expect(ticks.tick(1_000)).toBeUndefined();
    expect(ticks.tick(1_100)).toBeUndefined();
    expect(ticks.tick(1_440)).toBeUndefined();
    expect(ticks.tick(3_000)).toEqual({ from: 1_540, to: 3_000, cause: 'event-loop' });
    expect(ticks.tick(3_100)).toBeUndefined();
  });
});

describe('StallLog', () => {
  it('sums the overlap of recorded stalls with a silence', () => {
    const log = new StallLog(60_000);
    log.record({ from: 1_000, to: 2_000, cause: 'event-loop' });
    log.record({ from: 5_000, to: 5_500, cause: 'event-loop' });
    expect(log.overlapMs(0, 10_000)).toBe(1_500);
    expect(log.overlapMs(1_500, 5_200)).toBe(700);
    expect(log.overlapMs(2_000, 5_000)).toBe(0);
  });

  it('excuses an ongoing disconnection up to now, then keeps it as a stall', () => {
    const log = new StallLog(60_000);
    log.beginBlind(10_000);
    expect(log.blind).toBe(true);
    expect(log.overlapMs(9_000, 12_000)).toBe(2_000);
    expect(log.endBlind(13_000)).toEqual({ from: 10_000, to: 13_000, cause: 'disconnected' });
    expect(log.blind).toBe(false);
    expect(log.overlapMs(9_000, 20_000)).toBe(3_000);
  });

  it('forgets stalls older than its retention', () => {
    const log = new StallLog(10_000);
    log.record({ from: 0, to: 1_000, cause: 'event-loop' });
    log.prune(20_000);
    expect(log.overlapMs(0, 20_000)).toBe(0);
  });
});
