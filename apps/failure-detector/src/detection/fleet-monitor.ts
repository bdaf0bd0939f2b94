import {
  admitHeartbeat,
  type AgentHealthRecord,
  type Heartbeat,
  type HeartbeatAdmission,
} from '@warden/contracts';
import { yAtPhi } from '../phi/phi';
import { PhiAccrualDetector } from '../phi/phi-accrual-detector';
import type { StallLog } from '../self-health/stall-log';
import type { DetectionSettings } from '../settings/detection-settings';
import type { SignalFinding } from '../signals/signal-diagnosis';
import { identityOf, isLeaving, MonitoredAgent } from './monitored-agent';
import type { ProcessCrash } from './process-crash';
import type { ProtocolViolation } from './protocol-violation';
import type { FalsePositive, SilenceVerdict } from './silence-verdict';

/**
 * How a heartbeat relates to what is known of its agent. Ordering uses the agent's own incarnation and
 * sequence, never its clock: a higher incarnation is a new process, a lower one a zombie or a
 * reordered beat, a sequence not above the last a duplicate.
 */

export interface HeartbeatOutcome {
  admission: HeartbeatAdmission;
  /** The agent had been convicted of silence and is beating again with the same incarnation. */
  falsePositive?: FalsePositive;
  /** A new incarnation replaced one that neither announced a stop nor was convicted. */
  crash?: ProcessCrash;
  /** Signal rules that fired on this heartbeat. */
  findings: SignalFinding[];
}

/**
 * The agents of the partitions a replica owns and what it believes of each: φ per agent evaluated on
 * every tick, signal rules on every heartbeat. No NATS, no clock of its own: callers pass the time.
 */
export class FleetMonitor {
  private readonly agents = new Map<string, MonitoredAgent>();
  /** Where φ reaches the suspect threshold, in deviations past the mean (y of phiOf). */
  private readonly suspectY: number;

  constructor(private readonly settings: DetectionSettings) {
    this.suspectY = yAtPhi(settings.heartbeatTimeout.suspectThreshold);
  }

  get size(): number {
    return this.agents.size;
  }

  get(agentId: string): MonitoredAgent | undefined {
    return this.agents.get(agentId);
  }

  values(): IterableIterator<MonitoredAgent> {
    return this.agents.values();
  }

  observe(beat: Heartbeat, receivedAt: number, stalls: StallLog): HeartbeatOutcome {
    const known = this.agents.get(beat.agentId);
    const admission = admitHeartbeat(
      known && { incarnation: known.identity.incarnation, sequence: known.lastSequence },
      beat.incarnation,
      beat.sequence,
    );
    if (admission === 'stale' || admission === 'duplicate') return { admission, findings: [] };

    let agent: MonitoredAgent;
    let falsePositive: FalsePositive | undefined;
    let crash: ProcessCrash | undefined;
    if (!known || admission === 'restart') {
      if (known) crash = this.crashOf(known, beat.incarnation, receivedAt);
      agent = this.track(beat, receivedAt);
    } else {
      agent = known;
      const previousArrival = agent.detector.lastHeartbeatAt;
      const announcedNewInterval = beat.intervalMs !== agent.announcedIntervalMs;
      // An interval stretched by the detector's own stall says nothing about the agent, and one that
      // straddles an announced change belongs to neither rhythm. (Late intervals are the detector's call.)
      const learn = !announcedNewInterval && stalls.overlapMs(previousArrival, receivedAt) === 0;
      agent.detector.heartbeat(receivedAt, learn);
      if (announcedNewInterval) {
        agent.detector.relearnFrom(beat.intervalMs);
        agent.announcedIntervalMs = beat.intervalMs;
      }
      if (agent.convicted?.cause === 'silence')
        falsePositive = {
          agent: agent.identity,
          convictedAt: agent.convicted.at,
          silenceMs: receivedAt - previousArrival,
        };
      agent.suspected = false;
      agent.convicted = undefined;
      agent.lastSequence = beat.sequence;
    }
    agent.lifecycle = beat.lifecycle;
    const findings = agent.leaving ? [] : agent.diagnosis.observe(beat, receivedAt);
    return { admission, falsePositive, crash, findings };
  }

  /**
   * A message on `agentId`'s heartbeat subject failed decoding or validation (the caller has the id from
   * the subject, not the body). Convicts a monitored agent once per episode of invalid beats (see
   * InvalidHeartbeatWindow); an agent this replica does not monitor cannot be named by host, zone and incarnation, so its
   * bad beats are only dead-lettered.
   */
  observeInvalid(agentId: string, receivedAt: number, reason: string): ProtocolViolation | undefined {
    const { enabled, windowMs } = this.settings.protocolViolation;
    const agent = this.agents.get(agentId);
    if (!enabled || !agent || agent.leaving || agent.convicted?.cause === 'silence') return undefined;
    const invalidCount = agent.invalidHeartbeats.record(receivedAt);
    if (invalidCount === undefined) return undefined;
    const lastHeartbeatAt = agent.detector.lastHeartbeatAt;
    agent.convicted = {
      at: receivedAt,
      silenceMs: agent.detector.silenceMs(receivedAt),
      cause: 'protocol-violation',
    };
    return {
      agent: agent.identity,
      invalidCount,
      windowMs,
      lastReason: reason,
      lastHeartbeatAt,
      lastSequence: agent.lastSequence,
      detectedAt: receivedAt,
    };
  }

  /**
   * Takes over an agent from the registry when a partition is acquired: its silence clock starts now,
   * so a handover never reads as silence, and an agent that died before the takeover is still
   * convicted. Agents that announced a stop, or have been silent longer than `forgetAfterMs`, are not
   * taken over. Returns whether the agent is now monitored.
   */
  adopt(record: AgentHealthRecord, takenOverAt: number, forgetAfterMs: number): boolean {
    if (this.agents.has(record.agentId) || isLeaving(record.lifecycle)) return false;
    if (takenOverAt - Date.parse(record.lastHeartbeatAt) > forgetAfterMs) return false;
    const detector = PhiAccrualDetector.fromTakeover(
      this.settings.heartbeatTimeout,
      record.intervalMs,
      takenOverAt,
    );
    this.agents.set(
      record.agentId,
      new MonitoredAgent(
        identityOf(record),
        detector,
        record.lastSequence,
        record.lifecycle,
        record.intervalMs,
        this.settings.signals,
        this.settings.protocolViolation,
      ),
    );
    return true;
  }

  /** φ of every monitored agent: at most one suspicion and one conviction per silence. */
  evaluate(now: number, stalls: StallLog): SilenceVerdict[] {
    const { threshold, suspectThreshold } = this.settings.heartbeatTimeout;
    const verdicts: SilenceVerdict[] = [];
    for (const agent of this.agents.values()) {
      if (agent.convicted || agent.leaving) continue;
      // The common case, in O(1): excused time only shortens a silence, so below this φ is too low.
      if (agent.detector.silenceMs(now) < agent.detector.silenceAtMs(this.suspectY)) continue;
      const lastHeartbeatAt = agent.detector.lastHeartbeatAt;
      const excusedMs = stalls.overlapMs(lastHeartbeatAt, now);
      const phi = agent.detector.phi(now, excusedMs);
      if (phi < suspectThreshold) continue;
      const convicted = phi >= threshold;
      if (!convicted && agent.suspected) continue;
      agent.suspected = true;
      const silenceMs = agent.detector.silenceMs(now);
      if (convicted) agent.convicted = { at: now, silenceMs, cause: 'silence' };
      verdicts.push({
        kind: convicted ? 'conviction' : 'suspicion',
        agent: agent.identity,
        phi,
        phiThreshold: convicted ? threshold : suspectThreshold,
        silenceMs,
        excusedMs,
        intervalMeanMs: agent.detector.intervalMeanMs(),
        intervalStdDevMs: agent.detector.intervalStdDevMs(),
        lastHeartbeatAt,
        lastSequence: agent.lastSequence,
        detectedAt: now,
      });
    }
    return verdicts;
  }

  /** Drops agents that are done (stopped, or convicted) and silent for `afterMs`; returns them. */
  forgetIdle(now: number, afterMs: number): MonitoredAgent[] {
    return this.forget(
      (agent) =>
        (agent.convicted !== undefined || agent.lifecycle === 'stopped') &&
        agent.detector.silenceMs(now) > afterMs,
    );
  }

  forget(predicate: (agent: MonitoredAgent) => boolean): MonitoredAgent[] {
    const forgotten: MonitoredAgent[] = [];
    for (const [agentId, agent] of this.agents) {
      if (!predicate(agent)) continue;
      this.agents.delete(agentId);
      forgotten.push(agent);
    }
    return forgotten;
  }

  private crashOf(
    replaced: MonitoredAgent,
    replacedBy: number,
    detectedAt: number,
  ): ProcessCrash | undefined {
    if (!this.settings.processCrash.enabled || replaced.leaving || replaced.convicted) return undefined;
    return {
      agent: replaced.identity,
      lastHeartbeatAt: replaced.detector.lastHeartbeatAt,
      lastSequence: replaced.lastSequence,
      replacedBy,
      detectedAt,
    };
  }

  private track(beat: Heartbeat, receivedAt: number): MonitoredAgent {
    const detector = PhiAccrualDetector.fromFirstHeartbeat(
      this.settings.heartbeatTimeout,
      beat.intervalMs,
      receivedAt,
    );
    const agent = new MonitoredAgent(
      identityOf(beat),
      detector,
      beat.sequence,
      beat.lifecycle,
      beat.intervalMs,
      this.settings.signals,
      this.settings.protocolViolation,
    );
    this.agents.set(beat.agentId, agent);
    return agent;
  }
}
