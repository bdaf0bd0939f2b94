import type {
  BreakerTransition,
  EvidenceLink,
  Escalation,
  FailureDetected,
  FailureType,
  PatternDetected,
  RecoveryEvent,
} from '@warden/contracts';
import type { AlertRecord } from '../domain/alert';
import { fingerprintOf } from '../domain/labels';
import { AlertNames } from './alert-names';

/** A change to one alert: a new or renewed firing, or the end of one, with the evidence for it. */
export type AlertChange =
  | { kind: 'fire'; alert: AlertRecord }
  | { kind: 'resolve'; fingerprint: string; at: number; evidence: EvidenceLink; template: AlertRecord };

const ms = (timestamp: string): number => Date.parse(timestamp);

/**
 * Failures known only once they are over: a process crash is told by the new incarnation's first beat, so
 * the recovery coordinator has nothing to restart and no recovery will resolve the alert. It resolves after
 * `resolveTimeoutMs`, as an Alertmanager alert nobody renews does; another crash renews it.
 */
const EVENTS_ALREADY_OVER: ReadonlySet<FailureType> = new Set<FailureType>(['process-crash']);

function baseAlert(alertname: string, identity: string, at: number): Omit<AlertRecord, 'labels'> {
  return {
    fingerprint: fingerprintOf(alertname, identity),
    annotations: {},
    startsAt: at,
    updatedAt: at,
    agentIds: [],
    evidence: [],
    deliveries: [],
  };
}

/**
 * Turns Warden's supervision events into alert changes: a failure fires the agent's failure alert, a
 * pattern fires (or renews) the pattern's alert until its `activeUntil`, a recovery that succeeded
 * resolves the agent's failure alert with the recovery as evidence, one that failed for good fires a
 * recovery-failed alert, an escalation fires an alert that resolves after `resolveTimeoutMs` unless
 * raised again, and an agent's circuit breaker opening (the load balancer stops sending it work) fires an
 * alert that its closing resolves.
 */
export class AlertTranslator {
  constructor(private readonly resolveTimeoutMs: number) {}

  fromFailure(failure: FailureDetected): AlertChange {
    const at = ms(failure.detectedAt);
    const alert: AlertRecord = {
      ...baseAlert(AlertNames.agentFailure, failure.agentId, at),
      labels: {
        alertname: AlertNames.agentFailure,
        agent: failure.agentId,
        host: failure.hostId,
        zone: failure.zone,
        severity: failure.severity,
        type: failure.failureType,
      },
      annotations: {
        summary: failure.summary,
        failureId: failure.failureId,
        incarnation: String(failure.incarnation),
        detectedBy: failure.detectedBy,
        ...(failure.patternId ? { patternId: failure.patternId } : {}),
      },
      ...(EVENTS_ALREADY_OVER.has(failure.failureType) ? { endsAt: at + this.resolveTimeoutMs } : {}),
      agentIds: [failure.agentId],
      ...(failure.patternId ? { explainedBy: failure.patternId } : {}),
      evidence: [
        { kind: 'failure', ref: failure.failureId, summary: failure.summary, at: failure.detectedAt },
      ],
    };
    return { kind: 'fire', alert };
  }

  fromPattern(pattern: PatternDetected): AlertChange {
    const at = ms(pattern.detectedAt);
    const scopeLabel: Record<string, string> = {};
    if (pattern.scope.kind === 'zone') scopeLabel.zone = pattern.scope.id;
    if (pattern.scope.kind === 'host') scopeLabel.host = pattern.scope.id;
    if (pattern.scope.kind === 'capability') scopeLabel.capability = pattern.scope.id;
    if (pattern.scope.kind === 'agent') scopeLabel.agent = pattern.scope.id;
    if (pattern.scope.kind !== 'zone' && pattern.evidence.zones.length === 1)
      scopeLabel.zone = pattern.evidence.zones[0];
    const alert: AlertRecord = {
      ...baseAlert(AlertNames.failurePattern, pattern.patternId, at),
      labels: {
        alertname: AlertNames.failurePattern,
        pattern: pattern.patternType,
        pattern_id: pattern.patternId,
        scope: pattern.scope.kind,
        severity: pattern.severity,
        ...scopeLabel,
      },
      annotations: {
        summary: pattern.summary,
        revision: String(pattern.revision),
        confidence: pattern.confidence.toFixed(2),
        affectedAgents: String(pattern.affectedAgentIds.length),
        ...(pattern.recommendedAction ? { recommendedAction: pattern.recommendedAction } : {}),
      },
      endsAt: ms(pattern.activeUntil),
      agentIds: pattern.affectedAgentIds,
      evidence: [
        { kind: 'pattern', ref: pattern.patternId, summary: pattern.summary, at: pattern.detectedAt },
      ],
    };
    return { kind: 'fire', alert };
  }

  /** Succeeded: resolves the agent's failure alert. Failed or timed out with no retry left: fires one. */
  fromRecovery(event: RecoveryEvent): AlertChange | undefined {
    const at = ms(event.occurredAt);
    const evidence: EvidenceLink = {
      kind: 'recovery',
      ref: event.commandId,
      summary: `${event.action} ${event.phase} (attempt ${event.attempt}): ${event.reason.summary}`.slice(
        0,
        512,
      ),
      at: event.occurredAt,
    };
    if (event.phase === 'succeeded') {
      const template: AlertRecord = {
        ...baseAlert(AlertNames.agentFailure, event.agentId, at),
        labels: { alertname: AlertNames.agentFailure, agent: event.agentId, host: event.hostId },
        annotations: { summary: `${event.agentId} recovered by ${event.action}` },
        agentIds: [event.agentId],
      };
      return { kind: 'resolve', fingerprint: template.fingerprint, at, evidence, template };
    }
    if ((event.phase === 'failed' || event.phase === 'timed-out') && event.retryInMs === undefined) {
      const alert: AlertRecord = {
        ...baseAlert(AlertNames.recoveryFailed, event.agentId, at),
        labels: {
          alertname: AlertNames.recoveryFailed,
          agent: event.agentId,
          host: event.hostId,
          severity: 'high',
          action: event.action,
        },
        annotations: {
          summary: `${event.action} of ${event.agentId} ${event.phase} after ${event.attempt} attempts`,
          ...(event.detail ? { detail: event.detail.slice(0, 1024) } : {}),
        },
        agentIds: [event.agentId],
        evidence: [evidence],
      };
      return { kind: 'fire', alert };
    }
    return undefined;
  }

  /** Open fires; closed resolves with the transition as evidence; half-open (trial calls) changes nothing. */
  fromBreaker(transition: BreakerTransition): AlertChange | undefined {
    const at = ms(transition.decidedAt);
    const evidence: EvidenceLink = {
      kind: 'breaker',
      ref: `${transition.agentId}-${transition.generation}`,
      summary: `breaker ${transition.previousState} → ${transition.state}: ${transition.reason}`.slice(
        0,
        512,
      ),
      at: transition.decidedAt,
    };
    const alert: AlertRecord = {
      ...baseAlert(AlertNames.circuitOpen, transition.agentId, at),
      labels: {
        alertname: AlertNames.circuitOpen,
        agent: transition.agentId,
        severity: 'medium',
        type: 'circuit-open',
      },
      annotations: {
        summary: `load balancer stopped routing to ${transition.agentId}: ${transition.reason}`.slice(0, 512),
        failureRatio: String(transition.failureRatio),
        consecutiveOpenings: String(transition.consecutiveOpenings),
        decidedBy: transition.decidedBy,
      },
      agentIds: [transition.agentId],
      evidence: [evidence],
    };
    if (transition.state === 'open') return { kind: 'fire', alert };
    if (transition.state === 'closed')
      return { kind: 'resolve', fingerprint: alert.fingerprint, at, evidence, template: alert };
    return undefined;
  }

  fromEscalation(escalation: Escalation): AlertChange {
    const at = ms(escalation.raisedAt);
    const explainedBy = escalation.evidence.find((link) => link.kind === 'pattern')?.ref;
    const alert: AlertRecord = {
      ...baseAlert(AlertNames.escalation, escalation.escalationId, at),
      labels: {
        alertname: AlertNames.escalation,
        level: escalation.level,
        severity: escalation.severity,
        escalation_id: escalation.escalationId,
      },
      annotations: { summary: escalation.reason, raisedBy: escalation.raisedBy },
      endsAt: at + this.resolveTimeoutMs,
      agentIds: escalation.agentIds,
      ...(explainedBy ? { explainedBy } : {}),
      evidence: escalation.evidence,
    };
    return { kind: 'fire', alert };
  }
}
