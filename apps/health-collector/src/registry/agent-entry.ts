import type { AgentLifecycle, HealthState } from '@warden/contracts';
import type { FigureHealthState } from './figure-health';
import type { LoadFigures } from './load-signals';
import type { WrittenRecord } from './written-record';

/** What the registry keeps per agent: the last accepted figures and the verdict built from them. */
export interface AgentEntry {
  agentId: string;
  hostId: string;
  zone: string;
  capabilities: string[];
  incarnation: number;
  lastSequence: number;
  lifecycle: AgentLifecycle;
  intervalMs: number;
  load: LoadFigures;
  tasksCompleted: number;
  tasksFailed: number;
  figures: FigureHealthState;
  state: HealthState;
  stateSince: number;
  reasons: string[];
  score: number;
  /** Collector's receive time of the last accepted beat (epoch ms). */
  lastHeartbeatAt: number;
  /**
   * Silence is measured from here: the last beat, or the moment this replica took the agent over,
   * whichever is later — so a partition handover never makes an agent look silent.
   */
  silenceFrom: number;
  /** Beats lost in transit (sequence gaps) and restarts seen, for operators. */
  lostBeats: number;
  restarts: number;
  /** What was last written to the registry bucket, and when; undefined until the first write. */
  written?: WrittenRecord;
}
