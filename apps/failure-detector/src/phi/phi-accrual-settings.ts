/** The φ-accrual detector's parameters (Akka's names; defaults and reasons in DEFAULT_DETECTION_SETTINGS). */
export interface PhiAccrualSettings {
  /** φ at which an agent is convicted; 8 accepts about a 10⁻⁸ chance that the agent was merely late. */
  threshold: number;
  /** A lower φ at which the agent is suspected (an early hint, never a failure). */
  suspectThreshold: number;
  /** Inter-arrival intervals kept per agent. */
  maxSampleSize: number;
  /**
   * Floor of the deviation. Perfectly regular heartbeats have a deviation of 0, which would make φ jump
   * from 0 to infinity at the mean; the floor keeps φ a smooth, finite function of the silence.
   */
  minStdDeviationMs: number;
  /** Silence tolerated on top of the mean interval before φ starts climbing (GC, network hiccups). */
  acceptableHeartbeatPauseMs: number;
  /**
   * Consecutive late intervals (φ at arrival at or above the suspect threshold) after which the agent's
   * rhythm is taken to have changed and is learned afresh from them. One late interval is an outlier and
   * is not learned (it would blunt detection for the next maxSampleSize beats); without this, an agent
   * whose interval legitimately grows would be convicted on every beat until it restarts.
   */
  relearnAfterLateBeats: number;
}
