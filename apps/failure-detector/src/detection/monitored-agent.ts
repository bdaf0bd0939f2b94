import type { AgentLifecycle } from '@warden/contracts';
import type { PhiAccrualDetector } from '../phi/phi-accrual-detector';
import { SignalDiagnosis } from '../signals/signal-diagnosis';
import type { SignalRules } from '../signals/signal-rule-settings';
import type { AgentIdentity } from './silence-verdict';

/** Announced departures: an agent in these lifecycles may fall silent, and its figures are not judged. */
const LEAVING: ReadonlySet<AgentLifecycle> = new Set<AgentLifecycle>(['draining', 'stopping', 'stopped']);

/** One incarnation of one agent as the detector follows it. */
export class MonitoredAgent {
  readonly diagnosis: SignalDiagnosis;
  /** Set while the current silence has crossed the suspect threshold. */
  suspected = false;
  /** Set while the current silence has been convicted: when, and after how long a silence. */
  convicted?: { at: number; silenceMs: number };

  constructor(
    readonly identity: AgentIdentity,
    readonly detector: PhiAccrualDetector,
    public lastSequence: number,
    public lifecycle: AgentLifecycle,
    /** The beat interval the agent last announced; a change restarts the detector's learning. */
    public announcedIntervalMs: number,
    signals: SignalRules,
  ) {
    this.diagnosis = new SignalDiagnosis(signals);
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
