import {
  AgentQuarantine,
  Escalation,
  MessageLimits,
  RecoveryEvent,
  Subjects,
  WorkHandoff,
  type EscalationLevel,
  type EvidenceLink,
  type RecoveryAction,
  type RecoveryPhase,
  type RecoveryReason,
  type Severity,
} from '@warden/contracts';
import type { Publisher } from '@warden/messaging';
import { derivedId } from '../state/derived-id';

export interface RecoveryStep {
  commandId: string;
  phase: RecoveryPhase;
  action: RecoveryAction;
  agentId: string;
  hostId: string;
  incarnation: number;
  fencingToken: number;
  attempt: number;
  reason: RecoveryReason;
  retryInMs?: number;
  detail?: string;
}

export interface EscalationRequest {
  escalationId: string;
  level: EscalationLevel;
  severity: Severity;
  agentIds: string[];
  evidence: EvidenceLink[];
  reason: string;
}

export interface HandoffRequest {
  agentId: string;
  hostId: string;
  incarnation: number;
  taskIds?: string[];
  inFlightTaskCount?: number;
  reason: RecoveryReason;
}

export interface QuarantineRequest {
  agentId: string;
  hostId: string;
  incarnation: number;
  untilMs: number;
  reason: RecoveryReason;
}

const clip = (text: string): string => text.slice(0, MessageLimits.summaryLength);

/**
 * The coordinator's durable events besides the ledger: recovery steps (for alerting), escalations,
 * work hand-offs and quarantines. Each id is derived from what it is about, so repeating one after a
 * takeover or a redelivery is de-duplicated by JetStream.
 */
export class RecoveryPublications {
  constructor(
    private readonly publisher: Publisher,
    private readonly instanceId: string,
  ) {}

  async step(step: RecoveryStep): Promise<void> {
    const event = Object.assign(new RecoveryEvent(), {
      ...step,
      ...(step.detail ? { detail: step.detail.slice(0, MessageLimits.detailLength) } : {}),
      occurredAt: new Date().toISOString(),
    });
    await this.publisher.publishDurable(Subjects.recovery(step.phase, step.agentId), RecoveryEvent, event, {
      id: derivedId('recovery', step.commandId, step.phase),
    });
  }

  async escalate(request: EscalationRequest): Promise<void> {
    const escalation = Object.assign(new Escalation(), {
      ...request,
      agentIds: request.agentIds.slice(0, MessageLimits.agentsPerEvent),
      evidence: request.evidence.slice(-MessageLimits.evidenceChainLinks),
      reason: clip(request.reason),
      raisedBy: this.instanceId,
      raisedAt: new Date().toISOString(),
    });
    await this.publisher.publishDurable(Subjects.escalation(request.level), Escalation, escalation, {
      id: request.escalationId,
    });
  }

  /** Publishes the hand-off of one lost incarnation; its id is derived from agent and incarnation. */
  async handoff(request: HandoffRequest): Promise<string> {
    const handoffId = derivedId('handoff', request.agentId, request.incarnation);
    const handoff = Object.assign(new WorkHandoff(), {
      ...request,
      handoffId,
      issuedBy: this.instanceId,
      issuedAt: new Date().toISOString(),
    });
    await this.publisher.publishDurable(Subjects.workHandoff(request.agentId), WorkHandoff, handoff, {
      id: handoffId,
    });
    return handoffId;
  }

  async quarantine(request: QuarantineRequest): Promise<void> {
    const quarantine = Object.assign(new AgentQuarantine(), {
      agentId: request.agentId,
      hostId: request.hostId,
      incarnation: request.incarnation,
      quarantined: true,
      until: new Date(request.untilMs).toISOString(),
      reason: request.reason,
      decidedBy: this.instanceId,
      decidedAt: new Date().toISOString(),
    });
    await this.publisher.publishDurable(Subjects.quarantine(request.agentId), AgentQuarantine, quarantine, {
      id: derivedId('quarantine', request.agentId, request.incarnation),
    });
  }
}
