import { AgentSuspected, FailureDetected, MessageLimits, type Severity } from '@warden/contracts';
import type { SignalFinding } from '../signals/signal-diagnosis';
import { failureIdOf } from './failure-id';
import type { ProcessCrash } from './process-crash';
import type { ProtocolViolation } from './protocol-violation';
import type { AgentIdentity, SilenceVerdict } from './silence-verdict';

const iso = (ms: number): string => new Date(ms).toISOString();
const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Why a conviction made right after a detector stall is still believed; undefined when nothing was excused. */
export function stallNote(verdict: SilenceVerdict): string | undefined {
  if (verdict.excusedMs <= 0) return undefined;
  return (
    `the detector itself was stalled or disconnected for ${verdict.excusedMs} ms of this ${verdict.silenceMs} ms ` +
    'silence; that time was not counted (tolerance widened by it)'
  );
}

/** A heartbeat-timeout failure: the episode is the silence after the last heartbeat, named by its sequence. */
export function heartbeatTimeoutEvent(
  verdict: SilenceVerdict,
  severity: Severity,
  detectedBy: string,
  patternId?: string,
): FailureDetected {
  const { agent } = verdict;
  const seconds = (verdict.silenceMs / 1_000).toFixed(1);
  const note = stallNote(verdict);
  return Object.assign(new FailureDetected(), {
    failureId: failureIdOf(agent.agentId, agent.incarnation, 'heartbeat-timeout', verdict.lastSequence),
    ...identity(agent),
    failureType: 'heartbeat-timeout',
    severity,
    detectedBy,
    detectedAt: iso(verdict.detectedAt),
    evidence: {
      phi: round(verdict.phi),
      phiThreshold: verdict.phiThreshold,
      silenceMs: Math.round(verdict.silenceMs),
      intervalMeanMs: round(verdict.intervalMeanMs, 1),
      intervalStdDevMs: round(verdict.intervalStdDevMs, 1),
      lastHeartbeatAt: iso(verdict.lastHeartbeatAt),
      lastSequence: verdict.lastSequence,
      ...(note ? { note } : {}),
    },
    ...(patternId ? { patternId } : {}),
    summary: `no heartbeat for ${seconds} s (φ ${round(verdict.phi, 1)} ≥ ${verdict.phiThreshold})`,
  });
}

/** A failure diagnosed from heartbeat figures: the episode starts at the beat where the condition began. */
export function signalFailureEvent(
  agent: AgentIdentity,
  finding: SignalFinding,
  lastHeartbeatAt: number,
  lastSequence: number,
  detectedAt: number,
  detectedBy: string,
  patternId?: string,
): FailureDetected {
  const { condition } = finding;
  return Object.assign(new FailureDetected(), {
    failureId: failureIdOf(agent.agentId, agent.incarnation, finding.failureType, finding.episodeSequence),
    ...identity(agent),
    failureType: finding.failureType,
    severity: finding.severity,
    detectedBy,
    detectedAt: iso(detectedAt),
    evidence: {
      ...(condition.metric && {
        metric: {
          metric: condition.metric,
          value: condition.value,
          threshold: condition.threshold,
          windowMs: Math.round(finding.heldMs),
        },
      }),
      lastHeartbeatAt: iso(lastHeartbeatAt),
      lastSequence,
      note: condition.note.slice(0, MessageLimits.detailLength),
    },
    ...(patternId ? { patternId } : {}),
    summary: `${finding.failureType} for ${Math.round(finding.heldMs / 1_000)} s: ${condition.note}`.slice(
      0,
      MessageLimits.summaryLength,
    ),
  });
}

/** A process crash: the episode is the crashed incarnation's life, named by its last sequence. */
export function processCrashEvent(
  crash: ProcessCrash,
  severity: Severity,
  detectedBy: string,
  patternId?: string,
): FailureDetected {
  const { agent } = crash;
  const note =
    `incarnation ${agent.incarnation} stopped beating without announcing a stop and was replaced by ` +
    `incarnation ${crash.replacedBy}`;
  return Object.assign(new FailureDetected(), {
    failureId: failureIdOf(agent.agentId, agent.incarnation, 'process-crash', crash.lastSequence),
    ...identity(agent),
    failureType: 'process-crash',
    severity,
    detectedBy,
    detectedAt: iso(crash.detectedAt),
    evidence: {
      silenceMs: Math.round(crash.detectedAt - crash.lastHeartbeatAt),
      lastHeartbeatAt: iso(crash.lastHeartbeatAt),
      lastSequence: crash.lastSequence,
      note,
    },
    ...(patternId ? { patternId } : {}),
    summary: `process crashed: ${note}`.slice(0, MessageLimits.summaryLength),
  });
}

/** A protocol violation: the episode is the run of invalid heartbeats after the last valid one. */
export function protocolViolationEvent(
  violation: ProtocolViolation,
  severity: Severity,
  detectedBy: string,
  patternId?: string,
): FailureDetected {
  const { agent } = violation;
  const seconds = Math.round(violation.windowMs / 1_000);
  const note = `${violation.invalidCount} invalid heartbeats within ${seconds} s; the last: ${violation.lastReason}`;
  return Object.assign(new FailureDetected(), {
    failureId: failureIdOf(agent.agentId, agent.incarnation, 'protocol-violation', violation.lastSequence),
    ...identity(agent),
    failureType: 'protocol-violation',
    severity,
    detectedBy,
    detectedAt: iso(violation.detectedAt),
    evidence: {
      lastHeartbeatAt: iso(violation.lastHeartbeatAt),
      lastSequence: violation.lastSequence,
      note: note.slice(0, MessageLimits.detailLength),
    },
    ...(patternId ? { patternId } : {}),
    summary: `heartbeats fail validation: ${note}`.slice(0, MessageLimits.summaryLength),
  });
}

export function suspicionEvent(verdict: SilenceVerdict, suspectedBy: string): AgentSuspected {
  return Object.assign(new AgentSuspected(), {
    ...identity(verdict.agent),
    phi: round(verdict.phi),
    phiThreshold: verdict.phiThreshold,
    silenceMs: Math.round(verdict.silenceMs),
    lastHeartbeatAt: iso(verdict.lastHeartbeatAt),
    lastSequence: verdict.lastSequence,
    suspectedBy,
    suspectedAt: iso(verdict.detectedAt),
  });
}

function identity(agent: AgentIdentity): AgentIdentity {
  return { agentId: agent.agentId, hostId: agent.hostId, zone: agent.zone, incarnation: agent.incarnation };
}
