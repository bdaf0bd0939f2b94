import { Heartbeat, type AgentLifecycle } from '@warden/contracts';
import type { LoadFigures } from '../load/load-meter';

/** Who the agent is; fixed for one incarnation. */
export interface AgentIdentity {
  agentId: string;
  hostId: string;
  zone: string;
  capabilities: readonly string[];
  incarnation: number;
  intervalMs: number;
}

/**
 * Builds the heartbeats of one incarnation: the sequence rises by one per beat and never restarts
 * within the incarnation (not even across reconnects), so a receiver tells lost beats (gaps) from
 * duplicates (repeats) and a new process (higher incarnation) from both.
 */
export class HeartbeatComposer {
  private sequence = 0;

  constructor(private readonly identity: AgentIdentity) {}

  get lastSequence(): number {
    return this.sequence;
  }

  next(
    lifecycle: AgentLifecycle,
    figures: LoadFigures,
    now: Date,
    dependenciesDown: ReadonlySet<string> = new Set(),
  ): Heartbeat {
    this.sequence++;
    const beat = new Heartbeat();
    beat.agentId = this.identity.agentId;
    beat.hostId = this.identity.hostId;
    beat.zone = this.identity.zone;
    beat.capabilities = [...this.identity.capabilities];
    beat.capacity = figures.capacity;
    beat.inFlightTasks = figures.inFlightTasks;
    beat.queueDepth = figures.queueDepth;
    beat.cpuRatio = clampRatio(figures.cpuRatio);
    beat.memoryBytes = Math.max(0, Math.round(figures.memoryBytes));
    if (figures.memoryLimitBytes !== undefined)
      beat.memoryLimitBytes = Math.max(0, Math.round(figures.memoryLimitBytes));
    beat.latencyEwmaMs = Math.max(0, figures.latencyEwmaMs);
    beat.errorRatio = clampRatio(figures.errorRatio);
    beat.tasksCompleted = figures.tasksCompleted;
    beat.tasksFailed = figures.tasksFailed;
    beat.sequence = this.sequence;
    beat.incarnation = this.identity.incarnation;
    beat.lifecycle = lifecycle;
    if (dependenciesDown.size > 0) beat.dependenciesDown = [...dependenciesDown].sort();
    beat.intervalMs = this.identity.intervalMs;
    beat.sentAt = now.toISOString();
    return beat;
  }
}

// Overrides from a simulator may stray outside [0, 1]; the message would then be refused by validation.
function clampRatio(value: number): number {
  return Math.min(1, Math.max(0, value));
}
