import { yAtPhi } from './phi';
import { PhiAccrualDetector } from './phi-accrual-detector';
import { PHI_TEST_SETTINGS as SETTINGS, seededRandom } from './phi-fixtures.test-helper';

/**
 * Learning a heartbeat decides whether its interval was late (φ at or above the suspect threshold): it
 * runs on every beat of every agent, so it compares the interval with the silence at which φ reaches the
 * threshold instead of computing φ, and must still decide exactly as φ does.
 */
describe('PhiAccrualDetector learning a heartbeat', () => {
  afterEach(() => jest.restoreAllMocks());

  it('computes no φ for intervals clearly regular or clearly late', () => {
    const detector = PhiAccrualDetector.fromFirstHeartbeat(SETTINGS, 1_000, 0);
    const random = seededRandom(7);
    const phi = jest.spyOn(detector, 'phi');
    let at = 0;
    for (let beat = 0; beat < 1_000; beat++) {
      at += 900 + Math.round(random() * 200);
      detector.heartbeat(at);
    }
    at += 60_000;
    const verdict = detector.heartbeat(at);
    expect(phi).not.toHaveBeenCalled();
    expect(verdict).toBe('late');
  });

  it('decides every interval as "φ at or above the suspect threshold" does, also at the boundary', () => {
    const suspectY = yAtPhi(SETTINGS.suspectThreshold);
    let compared = 0;
    let late = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const rhythm = 100 + Math.round(random() * 5_000);
      const jitter = random() * 0.5;
      const detector = PhiAccrualDetector.fromFirstHeartbeat(SETTINGS, rhythm, 0);
      let at = 0;
      for (let beat = 0; beat < 100; beat++) {
        const boundary = detector.silenceAtMs(suspectY);
        const pick = random();
        const interval =
          pick < 0.6
            ? Math.round(rhythm * (1 + (random() - 0.5) * jitter))
            : pick < 0.8
              ? Math.round(boundary) + Math.round((random() - 0.5) * 4)
              : pick < 0.95
                ? boundary + (random() - 0.5) * 1e-6
                : rhythm * (2 + random() * 20);
        const expectedLate = detector.phi(at + interval) >= SETTINGS.suspectThreshold;
        const verdict = detector.heartbeat(at + interval);
        expect([verdict, interval, seed]).toEqual([
          expectedLate ? expect.stringMatching(/^(late|relearned)$/) : 'learned',
          interval,
          seed,
        ]);
        compared++;
        if (expectedLate) late++;
        at += interval;
      }
    }
    // Both sides of the boundary were exercised, many times.
    expect(compared).toBe(20_000);
    expect(late).toBeGreaterThan(1_000);
    expect(compared - late).toBeGreaterThan(1_000);
  });
});
