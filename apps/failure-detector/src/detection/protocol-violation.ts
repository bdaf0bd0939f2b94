import type { Severity } from '@warden/contracts';
import type { AgentIdentity } from './silence-verdict';

export interface ProtocolViolationSettings {
  enabled: boolean;
  /** Invalid heartbeats within `windowMs` that convict the agent; one bad beat is noise, a run is a bug. */
  invalidHeartbeats: number;
  windowMs: number;
  severity: Severity;
}

/**
 * A monitored agent kept publishing heartbeats that fail decoding or validation. It is alive (it
 * sends) but no longer speaks the contract, so it is neither silent nor judged by its figures. The
 * agent is the one named by the heartbeat subject — never by the body, which is what failed.
 */
export interface ProtocolViolation {
  agent: AgentIdentity;
  invalidCount: number;
  windowMs: number;
  /** Why the last invalid heartbeat was refused (the dead letter has every one). */
  lastReason: string;
  /** The last valid heartbeat: the episode is counted from it. */
  lastHeartbeatAt: number;
  lastSequence: number;
  detectedAt: number;
}

/**
 * One agent's recent invalid heartbeats, as episodes: the episode is convicted when `invalidHeartbeats`
 * of them fall within `windowMs`, and lasts until `windowMs` passes without one — so an agent that keeps
 * sending bad beats (even between good ones) is convicted once, not once per run.
 */
export class InvalidHeartbeatWindow {
  /** The most recent invalid heartbeats, at most as many as a conviction needs. */
  private readonly times: number[] = [];
  private episodeConvicted = false;

  constructor(private readonly settings: ProtocolViolationSettings) {}

  /** Counts an invalid heartbeat; the count within the window when this one convicts a new episode. */
  record(at: number): number | undefined {
    const { invalidHeartbeats, windowMs } = this.settings;
    const previous = this.times.at(-1);
    if (previous !== undefined && at - previous > windowMs) this.episodeConvicted = false;
    this.times.push(at);
    if (this.times.length > invalidHeartbeats) this.times.shift();
    while (this.times[0] < at - windowMs) this.times.shift();
    if (this.episodeConvicted || this.times.length < invalidHeartbeats) return undefined;
    this.episodeConvicted = true;
    return this.times.length;
  }
}
