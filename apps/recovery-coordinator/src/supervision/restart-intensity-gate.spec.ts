import { RestartIntensityGate } from './restart-intensity-gate';

describe('RestartIntensityGate (OTP semantics)', () => {
  it("with OTP's default (1 restart per 5 s) allows one restart and refuses a second within 5 s", () => {
    const gate = new RestartIntensityGate(1, 5_000);
    const first = gate.admit([], 10_000);
    expect(first).toEqual({ admitted: true, history: [10_000] });
    expect(gate.admit(first.history, 14_999)).toEqual({
      admitted: false,
      history: [10_000],
      restartsInPeriod: 1,
    });
  });

  it('allows the restart again once the earlier one has left the period', () => {
    const gate = new RestartIntensityGate(1, 5_000);
    expect(gate.admit([10_000], 15_001)).toEqual({ admitted: true, history: [15_001] });
  });

  it('counts a restart exactly `periodMs` ago, as OTP does (the period edge is inclusive)', () => {
    const gate = new RestartIntensityGate(1, 5_000);
    expect(gate.admit([10_000], 15_000)).toEqual({
      admitted: false,
      history: [10_000],
      restartsInPeriod: 1,
    });
  });

  it('allows exactly `intensity` restarts within the period, counting the one asked for', () => {
    const gate = new RestartIntensityGate(3, 60_000);
    let history: number[] = [];
    const verdicts = [0, 1_000, 2_000, 3_000].map((now) => {
      const verdict = gate.admit(history, now);
      history = verdict.history;
      return verdict.admitted;
    });
    expect(verdicts).toEqual([true, true, true, false]);
    expect(history).toEqual([0, 1_000, 2_000]);
  });

  it('refuses every restart at intensity 0', () => {
    expect(new RestartIntensityGate(0, 60_000).admit([], 0).admitted).toBe(false);
  });

  it('drops restarts older than the period from the stored history', () => {
    const verdict = new RestartIntensityGate(5, 1_000).admit([0, 49, 50, 950], 1_050);
    expect(verdict).toEqual({ admitted: true, history: [50, 950, 1_050] });
  });
});
