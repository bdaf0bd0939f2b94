import { elapsedAtPhi, yAtPhi } from './phi';
import { PhiAccrualDetector } from './phi-accrual-detector';
import { PHI_TEST_SETTINGS as SETTINGS, seededRandom } from './phi-fixtures.test-helper';

/** Feeds heartbeats at the given intervals, starting at t = 0; returns the detector and the last arrival. */
function fed(intervals: number[], settings = SETTINGS): { detector: PhiAccrualDetector; last: number } {
  const detector = PhiAccrualDetector.fromFirstHeartbeat(settings, 1_000, 0);
  let at = 0;
  for (const interval of intervals) {
    at += interval;
    detector.heartbeat(at);
  }
  return { detector, last: at };
}

describe('PhiAccrualDetector', () => {
  it('seeds its history from the announced interval: mean = estimate, deviation = estimate / 4', () => {
    const detector = PhiAccrualDetector.fromFirstHeartbeat(SETTINGS, 2_000, 0);
    // History [1500, 2500]: mean 2000, population deviation 500 (above the 100 ms floor).
    expect(detector.intervalMeanMs()).toBe(2_000);
    expect(detector.intervalStdDevMs()).toBe(500);
  });

  describe('on perfectly regular heartbeats', () => {
    const { detector, last } = fed(Array.from({ length: 300 }, () => 1_000));

    it('uses the deviation floor, so φ is finite and crosses the threshold (the seed never fired here)', () => {
      // 200 samples of exactly 1000 ms: mean 1000, deviation 0 → floored to 100.
      expect(detector.intervalMeanMs()).toBe(1_000);
      expect(detector.intervalStdDevMs()).toBe(100);
      // φ uses mean + acceptable pause = 4000 and σ 100: hand values from phi.spec.ts.
      expect(detector.phi(last + 4_500)).toBeCloseTo(7.29995, 4);
      expect(detector.phi(last + 4_600)).toBeCloseTo(10.7826, 4);
    });

    it('names the silence at which φ reaches a level, so a tick can skip agents below it', () => {
      const y = yAtPhi(SETTINGS.suspectThreshold);
      expect(detector.phi(last + detector.silenceAtMs(y))).toBeCloseTo(SETTINGS.suspectThreshold, 8);
      expect(detector.phi(last + detector.silenceAtMs(y) - 1)).toBeLessThan(SETTINGS.suspectThreshold);
    });

    it('stays near zero up to the next expected beat and through the acceptable pause', () => {
      expect(detector.phi(last + 1_000)).toBeLessThan(0.01);
      expect(detector.phi(last + 3_900)).toBeLessThan(SETTINGS.suspectThreshold);
    });

    it('crosses the suspect threshold before the conviction threshold, both within pause + 2 intervals', () => {
      const suspectAt = elapsedAtPhi(SETTINGS.suspectThreshold, 4_000, 100);
      const convictAt = elapsedAtPhi(SETTINGS.threshold, 4_000, 100);
      expect(suspectAt).toBeLessThan(convictAt);
      expect(detector.phi(last + convictAt - 1)).toBeLessThan(SETTINGS.threshold);
      expect(detector.phi(last + convictAt + 1)).toBeGreaterThanOrEqual(SETTINGS.threshold);
      expect(convictAt).toBeLessThanOrEqual(SETTINGS.acceptableHeartbeatPauseMs + 2 * 1_000);
    });
  });

  describe('on heartbeats jittered by ±20 %', () => {
    const random = seededRandom(42);
    const intervals = Array.from({ length: 2_000 }, () => 800 + random() * 400);

    it('never suspects an agent that keeps beating (φ checked just before every beat)', () => {
      const detector = PhiAccrualDetector.fromFirstHeartbeat(SETTINGS, 1_000, 0);
      let at = 0;
      let highest = 0;
      for (const interval of intervals) {
        highest = Math.max(highest, detector.phi(at + interval - 0.001));
        at += interval;
        detector.heartbeat(at);
      }
      expect(highest).toBeLessThan(SETTINGS.suspectThreshold);
    });

    it('learns the spread (deviation of uniform ±200 ms is about 115 ms) and still convicts a crash in time', () => {
      const { detector, last } = fed(intervals);
      expect(detector.intervalMeanMs()).toBeGreaterThan(950);
      expect(detector.intervalMeanMs()).toBeLessThan(1_050);
      expect(detector.intervalStdDevMs()).toBeGreaterThan(90);
      expect(detector.intervalStdDevMs()).toBeLessThan(140);
      expect(detector.phi(last + SETTINGS.acceptableHeartbeatPauseMs + 2 * 1_000)).toBeGreaterThan(
        SETTINGS.threshold,
      );
    });
  });

  describe('across pauses', () => {
    it('tolerates a pause shorter than the acceptable pause without suspicion', () => {
      const { detector, last } = fed(Array.from({ length: 50 }, () => 1_000));
      for (let silence = 0; silence <= 2_500; silence += 10)
        expect(detector.phi(last + silence)).toBeLessThan(SETTINGS.suspectThreshold);
    });

    it('convicts a long pause, and after the agent resumes φ is back near zero', () => {
      const { detector, last } = fed(Array.from({ length: 50 }, () => 1_000));
      expect(detector.phi(last + 6_000)).toBeGreaterThan(SETTINGS.threshold);
      detector.heartbeat(last + 6_000);
      expect(detector.phi(last + 6_500)).toBeLessThan(0.01);
    });

    it('does not learn an interval it is told to ignore (a stall of its own)', () => {
      const { detector, last } = fed(Array.from({ length: 50 }, () => 1_000));
      detector.heartbeat(last + 9_000, false);
      expect(detector.intervalMeanMs()).toBe(1_000);
      expect(detector.lastHeartbeatAt).toBe(last + 9_000);
    });

    it('excuses silence the detector caused itself', () => {
      const { detector, last } = fed(Array.from({ length: 50 }, () => 1_000));
      const now = last + 6_000;
      expect(detector.phi(now)).toBeGreaterThan(SETTINGS.threshold);
      // 3 s of the silence were a detector stall: φ as if only 3 s had passed.
      expect(detector.phi(now, 3_000)).toBeCloseTo(detector.phi(last + 3_000), 10);
      expect(detector.phi(now, 3_000)).toBeLessThan(SETTINGS.suspectThreshold);
    });
  });

  describe('when the rhythm changes within one incarnation', () => {
    it('keeps one late interval out of the history, and forgets it when the next interval is regular', () => {
      const { detector, last } = fed(Array.from({ length: 50 }, () => 1_000));
      detector.heartbeat(last + 6_000);
      detector.heartbeat(last + 7_000);
      expect(detector.intervalMeanMs()).toBe(1_000);
      detector.heartbeat(last + 13_000);
      // The earlier late interval is not counted with this one: they were not consecutive.
      expect(detector.intervalMeanMs()).toBe(1_000);
    });

    it('starts learning afresh from relearnAfterLateBeats consecutive late intervals, seeded as for a new agent', () => {
      const { detector, last } = fed(Array.from({ length: 50 }, () => 1_000));
      detector.heartbeat(last + 5_000);
      expect(detector.intervalMeanMs()).toBe(1_000);
      detector.heartbeat(last + 10_000);
      // Seeded from the late intervals' mean: mean 5000, deviation 5000 / 4.
      expect(detector.intervalMeanMs()).toBe(5_000);
      expect(detector.intervalStdDevMs()).toBe(1_250);
      expect(detector.phi(last + 15_000)).toBeLessThan(SETTINGS.suspectThreshold);
    });

    it('restarts learning from a newly announced interval', () => {
      const { detector } = fed(Array.from({ length: 50 }, () => 1_000));
      detector.relearnFrom(4_000);
      expect(detector.intervalMeanMs()).toBe(4_000);
      expect(detector.intervalStdDevMs()).toBe(1_000);
    });
  });

  describe('after a takeover', () => {
    it('counts the silence from the takeover and does not learn the time until the first heartbeat', () => {
      const detector = PhiAccrualDetector.fromTakeover(SETTINGS, 1_000, 10_000);
      expect(detector.silenceMs(10_500)).toBe(500);
      detector.heartbeat(12_700);
      expect(detector.intervalMeanMs()).toBe(1_000);
      detector.heartbeat(13_700);
      // History [750, 1250, 1000]: the takeover gap of 2700 ms is not in it.
      expect(detector.intervalMeanMs()).toBe(1_000);
    });
  });
});
