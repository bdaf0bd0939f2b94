import { BackoffSchedule, InvalidBackoffScheduleError } from './backoff-schedule';

describe('BackoffSchedule', () => {
  it('delays the n-th failed delivery by the n-th entry', () => {
    const schedule = new BackoffSchedule([100, 400, 1600]);

    expect([1, 2, 3].map((count) => schedule.delayAfter(count))).toEqual([100, 400, 1600]);
  });

  it('repeats the last entry for every later delivery', () => {
    const schedule = new BackoffSchedule([100, 400]);

    expect([3, 4, 50].map((count) => schedule.delayAfter(count))).toEqual([400, 400, 400]);
  });

  it('treats a delivery count below 1 as the first delivery', () => {
    expect(new BackoffSchedule([250, 900]).delayAfter(0)).toBe(250);
  });

  it.each([[[]], [[-1]], [[Number.NaN]], [[10, Number.POSITIVE_INFINITY]]])(
    'rejects the schedule %p',
    (delays) => {
      expect(() => new BackoffSchedule(delays)).toThrow(InvalidBackoffScheduleError);
    },
  );
});
