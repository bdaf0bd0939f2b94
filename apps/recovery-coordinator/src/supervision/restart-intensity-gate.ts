/** The gate's answer, with the restart history to store either way (entries older than the period dropped). */
export type IntensityVerdict =
  { admitted: true; history: number[] } | { admitted: false; history: number[]; restartsInPeriod: number };

/**
 * OTP's restart intensity: a restart is allowed unless it would make more than `intensity` restarts
 * within `periodMs` (the restart being asked for counts). The edge is inclusive, as OTP's is: a restart
 * exactly `periodMs` ago still counts. Intensity 0 allows none; intensity 1, period 5 s (OTP's default)
 * allows one and refuses a second within 5 s. The history is plain timestamps, so it is stored in KV and
 * survives a coordinator restart.
 */
export class RestartIntensityGate {
  constructor(
    readonly intensity: number,
    readonly periodMs: number,
  ) {}

  admit(history: readonly number[], now: number): IntensityVerdict {
    const inPeriod = history.filter((at) => now - at <= this.periodMs);
    if (inPeriod.length + 1 > this.intensity)
      return { admitted: false, history: inPeriod, restartsInPeriod: inPeriod.length };
    return { admitted: true, history: [...inPeriod, now] };
  }
}
