import type { Severity } from '@warden/contracts';
import type { AgentIdentity } from './silence-verdict';

export interface ProcessCrashSettings {
  enabled: boolean;
  severity: Severity;
}

/**
 * An incarnation that ended without announcing a stop and without being convicted: a new process of
 * the same agent id started beating first (its supervisor restarted it faster than φ climbs). Without
 * this the crash would go unreported, and a crash loop under a quick supervisor would never be seen.
 */
export interface ProcessCrash {
  /** The crashed incarnation. */
  agent: AgentIdentity;
  lastHeartbeatAt: number;
  lastSequence: number;
  /** The incarnation that replaced it. */
  replacedBy: number;
  /** When the replacement's first heartbeat arrived. */
  detectedAt: number;
}
