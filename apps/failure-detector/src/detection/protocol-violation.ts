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

/** The times of one agent's most recent invalid heartbeats, at most as many as a conviction needs. */
export class InvalidHeartbeatWindow {
  private readonly times: number[] = [];

  constructor(private readonly settings: ProtocolViolationSettings) {}

  /** Counts an invalid heartbeat; returns how many fell within the window, this one included. */
  record(at: number): number {
    this.times.push(at);
    if (this.times.length > this.settings.invalidHeartbeats) this.times.shift();
    while (this.times[0] < at - this.settings.windowMs) this.times.shift();
    return this.times.length;
  }

  /** A conviction starts a new episode: it takes a fresh run of invalid heartbeats to convict again. */
  clear(): void {
    this.times.length = 0;
  }
}
