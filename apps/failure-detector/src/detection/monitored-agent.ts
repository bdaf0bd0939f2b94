import type { AgentLifecycle } from '@warden/contracts';
import type { PhiAccrualDetector } from '../phi/phi-accrual-detector';
import { SignalDiagnosis } from '../signals/signal-diagnosis';
import type { SignalRules } from '../signals/signal-rule-settings';
import { InvalidHeartbeatWindow, type ProtocolViolationSettings } from './protocol-violation';
import type { AgentIdentity } from './silence-verdict';

/** What the current conviction is for: a silence (φ) or invalid heartbeats. */
export type ConvictionCause = 'silence' | 'protocol-violation';

/** Announced departures: an agent in these lifecycles may fall silent, and its figures are not judged. */
const LEAVING: ReadonlySet<AgentLifecycle> = new Set<AgentLifecycle>(['draining', 'stopping', 'stopped']);

/** One incarnation of one agent as the detector follows it. */
export class MonitoredAgent {
  readonly diagnosis: SignalDiagnosis;
  readonly invalidHeartbeats: InvalidHeartbeatWindow;
  /** Set while the current silence has crossed the suspect threshold. */
  suspected = false;
  /**
   * Set from a conviction until the next valid heartbeat: when, after how long a silence, and why. No
   * other conviction is made meanwhile, so an agent sending only invalid beats is not also timed out.
   */
  convicted?: { at: number; silenceMs: number; cause: ConvictionCause };

  constructor(
    readonly identity: AgentIdentity,
    readonly detector: PhiAccrualDetector,
    public lastSequence: number,
    public lifecycle: AgentLifecycle,
    /** The beat interval the agent last announced; a change restarts the detector's learning. */
    public announcedIntervalMs: number,
    signals: SignalRules,
    protocolViolation: ProtocolViolationSettings,
  ) {
    this.diagnosis = new SignalDiagnosis(signals);
    this.invalidHeartbeats = new InvalidHeartbeatWindow(protocolViolation);
  }

  get agentId(): string {
    return this.identity.agentId;
  }

  /** An announced drain or stop: silence and bad figures are expected, never a failure. */
  get leaving(): boolean {
    return isLeaving(this.lifecycle);
  }
}

export function isLeaving(lifecycle: AgentLifecycle): boolean {
  return LEAVING.has(lifecycle);
}

export function identityOf(source: AgentIdentity): AgentIdentity {
  return {
    agentId: source.agentId,
    hostId: source.hostId,
    zone: source.zone,
    incarnation: source.incarnation,
  };
}
