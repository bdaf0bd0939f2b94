import {
  admitHeartbeat,
  isAccepted,
  type AgentLifecycle,
  type HealthState,
  type HeartbeatAdmission,
} from '@warden/contracts';
import type { AgentEntry } from './agent-entry';
import { nextFigureHealth, INITIAL_FIGURE_HEALTH, type FigureHealthState } from './figure-health';
import { healthScore } from './health-score';
import type { HealthThresholds } from './health-thresholds';
import { loadSignals, type LoadFigures } from './load-signals';
import type { StateTransition } from './state-transition';
import { snapshotDue, type SnapshotPolicy } from './snapshot-policy';

/** The parts of a heartbeat the registry reads (structurally the Heartbeat message). */
export interface HeartbeatFigures extends LoadFigures {
  agentId: string;
  hostId: string;
  zone: string;
  capabilities: string[];
  tasksCompleted: number;
  tasksFailed: number;
  sequence: number;
  incarnation: number;
  lifecycle: AgentLifecycle;
  intervalMs: number;
}

/** A registry record as stored and reloaded on partition takeover (structurally AgentHealthRecord). */
export interface StoredAgent {
  agentId: string;
  hostId: string;
  zone: string;
  capabilities: string[];
  incarnation: number;
  lifecycle: AgentLifecycle;
  intervalMs: number;
  state: HealthState;
  stateSince: string;
  reasons: string[];
  score: number;
  load: LoadFigures;
  tasksCompleted: number;
  tasksFailed: number;
  lastSequence: number;
  lastHeartbeatAt: string;
}

export interface Observation {
  admission: HeartbeatAdmission;
  transition?: StateTransition;
}

const SILENT_STATES: ReadonlySet<HealthState> = new Set(['unresponsive', 'stopped']);

/**
 * The live registry of the agents in the partitions this replica owns: applies heartbeats (receive
 * time only), turns figures, lifecycle and silence into a verdict, and reports every change of verdict.
 * Pure: no clock of its own (times are passed in), no I/O.
 */
export class FleetRegistry {
  private readonly agents = new Map<string, AgentEntry>();

  constructor(private readonly thresholds: HealthThresholds) {}

  get size(): number {
    return this.agents.size;
  }

  get(agentId: string): AgentEntry | undefined {
    return this.agents.get(agentId);
  }

  entries(): IterableIterator<AgentEntry> {
    return this.agents.values();
  }

  observe(beat: HeartbeatFigures, receivedAt: number): Observation {
    const entry = this.agents.get(beat.agentId);
    const admission = admitHeartbeat(
      entry && { incarnation: entry.incarnation, sequence: entry.lastSequence },
      beat.incarnation,
      beat.sequence,
    );
    if (!isAccepted(admission)) return { admission };

    if (!entry) {
      const created = this.createEntry(beat, receivedAt);
      this.agents.set(beat.agentId, created);
      return { admission, transition: this.transition(created, undefined, receivedAt) };
    }

    const previousState = entry.state;
    const previousIncarnation = entry.incarnation;
    if (admission === 'restart') {
      entry.restarts++;
      entry.figures = INITIAL_FIGURE_HEALTH;
    } else {
      entry.lostBeats += Math.max(0, beat.sequence - entry.lastSequence - 1);
    }
    this.applyBeat(entry, beat, receivedAt);
    const restarted = admission === 'restart';
    if (entry.state === previousState && !restarted) return { admission };
    entry.stateSince = entry.state === previousState ? entry.stateSince : receivedAt;
    if (restarted)
      entry.reasons = [
        `restarted: incarnation ${previousIncarnation} → ${beat.incarnation}`,
        ...entry.reasons,
      ];
    return { admission, transition: this.transition(entry, previousState, receivedAt) };
  }

  /** Marks agents silent for too long as unresponsive. Call periodically. */
  sweep(now: number): StateTransition[] {
    const transitions: StateTransition[] = [];
    for (const entry of this.agents.values()) {
      if (SILENT_STATES.has(entry.state)) continue;
      const allowedMs =
        this.thresholds.missedBeatsForUnresponsive * entry.intervalMs + this.thresholds.silenceGraceMs;
      const silentMs = now - entry.silenceFrom;
      if (silentMs <= allowedMs) continue;
      const previousState = entry.state;
      entry.state = 'unresponsive';
      entry.stateSince = now;
      entry.score = 0;
      entry.reasons = [
        `silent for ${silentMs} ms (allowed ${allowedMs} ms: ${this.thresholds.missedBeatsForUnresponsive} beats of ${entry.intervalMs} ms + grace)`,
      ];
      transitions.push(this.transition(entry, previousState, now));
    }
    return transitions;
  }

  /**
   * Loads an agent that another replica tracked until this one took its partition over. Its silence
   * is measured from the takeover at the earliest, so the move itself cannot make it unresponsive.
   */
  adopt(stored: StoredAgent, now: number): void {
    const current = this.agents.get(stored.agentId);
    if (current && current.incarnation >= stored.incarnation && current.lastSequence >= stored.lastSequence)
      return;
    const lastHeartbeatAt = Date.parse(stored.lastHeartbeatAt);
    this.agents.set(stored.agentId, {
      agentId: stored.agentId,
      hostId: stored.hostId,
      zone: stored.zone,
      capabilities: [...stored.capabilities],
      incarnation: stored.incarnation,
      lastSequence: stored.lastSequence,
      lifecycle: stored.lifecycle,
      intervalMs: stored.intervalMs,
      load: { ...stored.load },
      tasksCompleted: stored.tasksCompleted,
      tasksFailed: stored.tasksFailed,
      figures: figureStateOf(stored),
      state: stored.state,
      stateSince: Date.parse(stored.stateSince),
      reasons: [...stored.reasons],
      score: stored.score,
      lastHeartbeatAt,
      silenceFrom: Math.max(lastHeartbeatAt, now),
      lostBeats: 0,
      restarts: 0,
      written: { at: now, load: { ...stored.load } },
    });
  }

  /** Forgets agents, e.g. those of a partition this replica no longer owns. */
  forget(predicate: (entry: AgentEntry) => boolean): AgentEntry[] {
    const removed: AgentEntry[] = [];
    for (const entry of this.agents.values()) {
      if (!predicate(entry)) continue;
      this.agents.delete(entry.agentId);
      removed.push(entry);
    }
    return removed;
  }

  /** Entries whose record is due for a rewrite (see SnapshotPolicy); each is marked written as of `now`. */
  takeSnapshotDue(now: number, policy: SnapshotPolicy): AgentEntry[] {
    const due: AgentEntry[] = [];
    for (const entry of this.agents.values()) {
      if (!snapshotDue(entry, now, policy)) continue;
      this.markWritten(entry, now);
      due.push(entry);
    }
    return due;
  }

  markWritten(entry: AgentEntry, now: number): void {
    entry.written = { at: now, load: { ...entry.load } };
  }

  private createEntry(beat: HeartbeatFigures, receivedAt: number): AgentEntry {
    const entry: AgentEntry = {
      agentId: beat.agentId,
      hostId: beat.hostId,
      zone: beat.zone,
      capabilities: [...beat.capabilities],
      incarnation: beat.incarnation,
      lastSequence: beat.sequence,
      lifecycle: beat.lifecycle,
      intervalMs: beat.intervalMs,
      load: pickLoad(beat),
      tasksCompleted: beat.tasksCompleted,
      tasksFailed: beat.tasksFailed,
      figures: INITIAL_FIGURE_HEALTH,
      state: 'healthy',
      stateSince: receivedAt,
      reasons: [],
      score: 1,
      lastHeartbeatAt: receivedAt,
      silenceFrom: receivedAt,
      lostBeats: 0,
      restarts: 0,
    };
    this.applyBeat(entry, beat, receivedAt);
    return entry;
  }

  private applyBeat(entry: AgentEntry, beat: HeartbeatFigures, receivedAt: number): void {
    entry.hostId = beat.hostId;
    entry.zone = beat.zone;
    entry.capabilities = beat.capabilities;
    entry.incarnation = beat.incarnation;
    entry.lastSequence = beat.sequence;
    entry.lifecycle = beat.lifecycle;
    entry.intervalMs = beat.intervalMs;
    entry.load = pickLoad(beat);
    entry.tasksCompleted = beat.tasksCompleted;
    entry.tasksFailed = beat.tasksFailed;
    entry.lastHeartbeatAt = receivedAt;
    entry.silenceFrom = receivedAt;

    const signals = loadSignals(entry.load);
    entry.figures = nextFigureHealth(entry.figures, signals, this.thresholds);
    entry.score = healthScore(signals, this.thresholds);
    const verdict = verdictOf(beat.lifecycle, entry.figures);
    entry.state = verdict.state;
    entry.reasons = verdict.reasons;
  }

  private transition(entry: AgentEntry, previousState: HealthState | undefined, at: number): StateTransition {
    return {
      agentId: entry.agentId,
      hostId: entry.hostId,
      zone: entry.zone,
      incarnation: entry.incarnation,
      previousState,
      state: entry.state,
      reasons: entry.reasons,
      changedAt: at,
      lastHeartbeatAt: entry.lastHeartbeatAt,
    };
  }
}

/** An agent's announced lifecycle outranks its figures: a draining or stopped agent is never a failure. */
function verdictOf(
  lifecycle: AgentLifecycle,
  figures: FigureHealthState,
): { state: HealthState; reasons: string[] } {
  if (lifecycle === 'stopped') return { state: 'stopped', reasons: ['agent announced it stopped'] };
  if (lifecycle === 'draining' || lifecycle === 'stopping') {
    return { state: 'draining', reasons: [`agent announced ${lifecycle}`] };
  }
  return { state: figures.health, reasons: figures.reasons };
}

function figureStateOf(stored: StoredAgent): FigureHealthState {
  const health = stored.state === 'degraded' || stored.state === 'unhealthy' ? stored.state : 'healthy';
  return { health, goodBeats: 0, reasons: health === 'healthy' ? [] : [...stored.reasons] };
}

function pickLoad(beat: LoadFigures): LoadFigures {
  return {
    capacity: beat.capacity,
    inFlightTasks: beat.inFlightTasks,
    queueDepth: beat.queueDepth,
    cpuRatio: beat.cpuRatio,
    memoryBytes: beat.memoryBytes,
    memoryLimitBytes: beat.memoryLimitBytes,
    latencyEwmaMs: beat.latencyEwmaMs,
    errorRatio: beat.errorRatio,
  };
}
