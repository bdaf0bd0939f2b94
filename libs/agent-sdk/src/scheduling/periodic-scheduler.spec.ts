import { PeriodicScheduler } from './periodic-scheduler';

describe('PeriodicScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs every job once per interval, spread over the interval rather than all at once', () => {
    const scheduler = new PeriodicScheduler();
    const runsAt: number[][] = Array.from({ length: 40 }, () => []);
    runsAt.forEach((runs) => scheduler.every(1000, () => runs.push(Date.now())));

    jest.advanceTimersByTime(3000);
    expect(runsAt.every((runs) => runs.length === 3)).toBe(true);
    const firstRunTimes = new Set(runsAt.map((runs) => runs[0]));
    expect(firstRunTimes.size).toBe(20);
    scheduler.close();
  });

  it('stops a cancelled job and drops the timer once no job is left', () => {
    const scheduler = new PeriodicScheduler();
    let kept = 0;
    let cancelledRuns = 0;
    scheduler.every(100, () => kept++);
    const cancel = scheduler.every(100, () => cancelledRuns++);
    jest.advanceTimersByTime(100);
    cancel();
    jest.advanceTimersByTime(300);
    expect(cancelledRuns).toBe(1);
    expect(kept).toBe(4);
    expect(scheduler.jobCount).toBe(1);
    scheduler.close();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps running the other jobs of a slot when one throws', () => {
    const errors: unknown[] = [];
    const scheduler = new PeriodicScheduler({ onError: (error) => errors.push(error) });
    let runs = 0;
    for (let i = 0; i < 20; i++) scheduler.every(20, () => runs++);
    scheduler.every(20, () => {
      throw new Error('broken job');
    });
    jest.advanceTimersByTime(20);
    expect(runs).toBe(20);
    expect(errors).toHaveLength(1);
    scheduler.close();
  });
});
