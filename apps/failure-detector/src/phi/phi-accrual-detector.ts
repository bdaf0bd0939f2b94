import { IntervalHistory } from './interval-history';
import { phiOf, yAtPhi } from './phi';
import type { PhiAccrualSettings } from './phi-accrual-settings';

/** What learning one heartbeat did with its interval. */
export type HeartbeatVerdict =
  /** A regular interval, added to the history. */
  | 'learned'
  /** A late one (φ at or above the suspect threshold): an outlier, kept out. */
  | 'late'
  /** The late one that made `relearnAfterLateBeats` in a row: the history restarted from them. */
  | 'relearned'
  /** Not judged: the caller said not to learn it, or the silence ran from a takeover. */
  | 'not-learned';

/**
 * Half the width, in standardised distance y, of the band around the suspect threshold's y inside which
 * a heartbeat's verdict is decided by computing φ. Outside it the interval alone decides: φ is strictly
 * increasing in y, and 1e-3 away from the threshold's y it differs from the threshold by more than 1e-7
 * (for any threshold above 0.001), many orders above phiOf's floating-point error, so the verdict is the
 * one φ would give. (The band also absorbs yAtPhi's 1e-12 bisection tolerance.)
 */
const EXACT_BAND_Y = 1e-3;

/** yAtPhi per suspect threshold: a bisection, computed once for every detector sharing the settings. */
const suspectYs = new Map<number, number>();

function suspectYOf(threshold: number): number {
  let y = suspectYs.get(threshold);
  if (y === undefined) suspectYs.set(threshold, (y = yAtPhi(threshold)));
  return y;
}

/**
 * φ-accrual failure detector for one monitored process (Hayashibara et al. 2004, Akka's variant): it
 * learns the distribution of heartbeat inter-arrival times and turns the current silence into φ, the
 * −log10 of the probability that a heartbeat is still to come. Before it has learned anything, the
 * history is seeded from the announced interval as Akka does (mean = estimate, deviation = estimate / 4).
 * A late interval (one that arrives with φ at or above the suspect threshold) is an outlier and is kept
 * out of the history; `relearnAfterLateBeats` of them in a row mean the rhythm itself changed, and the
 * history starts again from them, as it does when the agent announces a new interval.
 *
 * Time is always the detector's own clock (epoch ms); the caller passes it in, so the class is pure.
 */
export class PhiAccrualDetector {
  private readonly history: IntervalHistory;
  private lastArrivalAt: number;
  /** False while the silence clock runs from a takeover rather than from a heartbeat. */
  private arrivalIsHeartbeat: boolean;
  /** The late intervals since the last regular one. */
  private lateRun: number[] = [];
  /** The standardised distance at which φ reaches the suspect threshold. */
  private readonly suspectY: number;

  private constructor(
    private readonly settings: PhiAccrualSettings,
    firstHeartbeatEstimateMs: number,
    startedAt: number,
    startedByHeartbeat: boolean,
  ) {
    this.history = new IntervalHistory(settings.maxSampleSize);
    this.suspectY = suspectYOf(settings.suspectThreshold);
    this.seed(firstHeartbeatEstimateMs);
    this.lastArrivalAt = startedAt;
    this.arrivalIsHeartbeat = startedByHeartbeat;
  }

  /** Monitoring starts with a heartbeat: the next one yields the first real interval. */
  static fromFirstHeartbeat(
    settings: PhiAccrualSettings,
    intervalEstimateMs: number,
    receivedAt: number,
  ): PhiAccrualDetector {
    return new PhiAccrualDetector(settings, intervalEstimateMs, receivedAt, true);
  }

  /**
   * Monitoring starts without a heartbeat (a partition taken over): the silence is counted from now, so
   * a handover is never mistaken for the agent's silence, and the time until its next heartbeat is not
   * an interval of the agent's.
   */
  static fromTakeover(
    settings: PhiAccrualSettings,
    intervalEstimateMs: number,
    takenOverAt: number,
  ): PhiAccrualDetector {
    return new PhiAccrualDetector(settings, intervalEstimateMs, takenOverAt, false);
  }

  get lastHeartbeatAt(): number {
    return this.lastArrivalAt;
  }

  /**
   * A heartbeat arrived. `learn` false keeps its interval out of the history: an interval stretched by
   * the detector's own stall says nothing about the agent.
   */
  heartbeat(receivedAt: number, learn = true): HeartbeatVerdict {
    const verdict = learn && this.arrivalIsHeartbeat ? this.learn(receivedAt) : 'not-learned';
    this.lastArrivalAt = Math.max(this.lastArrivalAt, receivedAt);
    this.arrivalIsHeartbeat = true;
    return verdict;
  }

  /** Forgets what was learned and starts again from an interval estimate (a newly announced interval). */
  relearnFrom(intervalEstimateMs: number): void {
    this.history.clear();
    this.lateRun = [];
    this.seed(intervalEstimateMs);
  }

  private learn(receivedAt: number): HeartbeatVerdict {
    const interval = Math.max(0, receivedAt - this.lastArrivalAt);
    if (!this.isLate(receivedAt, interval)) {
      this.lateRun = [];
      this.history.add(interval);
      return 'learned';
    }
    this.lateRun.push(interval);
    if (this.lateRun.length < this.settings.relearnAfterLateBeats) return 'late';
    const lateMean = this.lateRun.reduce((sum, late) => sum + late, 0) / this.lateRun.length;
    this.relearnFrom(lateMean);
    return 'relearned';
  }

  /**
   * φ(interval) ≥ suspect threshold, decided on every heartbeat of every agent without computing φ
   * (an exp and a log) except within EXACT_BAND_Y of the threshold: y is computed as phiOf computes it.
   */
  private isLate(receivedAt: number, interval: number): boolean {
    const y =
      (interval - (this.intervalMeanMs() + this.settings.acceptableHeartbeatPauseMs)) /
      this.intervalStdDevMs();
    if (y < this.suspectY - EXACT_BAND_Y) return false;
    if (y > this.suspectY + EXACT_BAND_Y) return true;
    return this.phi(receivedAt) >= this.settings.suspectThreshold;
  }

  /** Akka's first estimate: two samples whose mean is the estimate and deviation a quarter of it. */
  private seed(intervalEstimateMs: number): void {
    const deviation = intervalEstimateMs / 4;
    this.history.add(intervalEstimateMs - deviation);
    this.history.add(intervalEstimateMs + deviation);
  }

  silenceMs(now: number): number {
    return Math.max(0, now - this.lastArrivalAt);
  }

  intervalMeanMs(): number {
    return this.history.mean();
  }

  /** The deviation φ uses: the measured one, floored at minStdDeviationMs. */
  intervalStdDevMs(): number {
    return Math.max(this.history.stdDev(), this.settings.minStdDeviationMs);
  }

  /**
   * The silence at which φ reaches the level whose standardised distance is `y` (see phi's yAtPhi):
   * φ grows with the silence, so below this silence φ is below that level and need not be computed.
   */
  silenceAtMs(y: number): number {
    return this.intervalMeanMs() + this.settings.acceptableHeartbeatPauseMs + y * this.intervalStdDevMs();
  }

  /** φ now; `excusedMs` is silence the detector caused itself (a stall), which does not count. */
  phi(now: number, excusedMs = 0): number {
    const elapsed = Math.max(0, this.silenceMs(now) - excusedMs);
    return phiOf(
      elapsed,
      this.intervalMeanMs() + this.settings.acceptableHeartbeatPauseMs,
      this.intervalStdDevMs(),
    );
  }
}
