import { IntervalHistory } from './interval-history';
import { phiOf } from './phi';
import type { PhiAccrualSettings } from './phi-accrual-settings';

/**
 * φ-accrual failure detector for one monitored process (Hayashibara et al. 2004, Akka's variant): it
 * learns the distribution of heartbeat inter-arrival times and turns the current silence into φ, the
 * −log10 of the probability that a heartbeat is still to come. Before it has learned anything, the
 * history is seeded from the announced interval as Akka does (mean = estimate, deviation = estimate / 4).
 *
 * Time is always the detector's own clock (epoch ms); the caller passes it in, so the class is pure.
 */
export class PhiAccrualDetector {
  private readonly history: IntervalHistory;
  private lastArrivalAt: number;
  /** False while the silence clock runs from a takeover rather than from a heartbeat. */
  private arrivalIsHeartbeat: boolean;

  private constructor(
    private readonly settings: PhiAccrualSettings,
    firstHeartbeatEstimateMs: number,
    startedAt: number,
    startedByHeartbeat: boolean,
  ) {
    this.history = new IntervalHistory(settings.maxSampleSize);
    const deviation = firstHeartbeatEstimateMs / 4;
    this.history.add(firstHeartbeatEstimateMs - deviation);
    this.history.add(firstHeartbeatEstimateMs + deviation);
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
  heartbeat(receivedAt: number, learn = true): void {
    if (learn && this.arrivalIsHeartbeat) this.history.add(Math.max(0, receivedAt - this.lastArrivalAt));
    this.lastArrivalAt = Math.max(this.lastArrivalAt, receivedAt);
    this.arrivalIsHeartbeat = true;
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
