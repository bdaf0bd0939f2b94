import { InvalidDurationError, formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['2m30s', 150_000],
    ['1m0.5s', 60_500],
    [250, 250],
    [0, 0],
  ])('reads %p as %p ms', (value, ms) => expect(parseDuration(value)).toBe(ms));

  it.each(['10', '10 s', '2m 30s', 's', '-1s', 'soon', '', -5, Number.NaN, null, {}])(
    'refuses %p',
    (value) => {
      expect(() => parseDuration(value)).toThrow(InvalidDurationError);
    },
  );

  it('formats durations for people', () => {
    expect([
      formatDuration(400),
      formatDuration(12_340),
      formatDuration(90_000),
      formatDuration(120_000),
    ]).toEqual(['400ms', '12.3s', '1m 30s', '2m']);
  });
});
