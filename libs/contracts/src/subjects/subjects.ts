import { partitionOf } from '../partitions/heartbeat-partitions';
import { AlertStatus } from '../messages/alert.messages';
import { Severity } from '../messages/common/severity';
import { EscalationLevel } from '../messages/escalation.messages';
import { PatternType } from '../messages/pattern.messages';
import { RecoveryPhase } from '../messages/recovery.messages';
import { SubjectTemplates as T } from './subject-templates';

/**
 * One builder per subject. Each validates its tokens and throws InvalidSubjectTokenError, so a bad id can
 * never produce a subject that means something else (or a wildcard).
 */
export const Subjects = {
  heartbeat: (partition: number, agentId: string): string => T.heartbeat.build({ partition, agentId }),
  /** The heartbeat subject with the agent's own partition, as the agent SDK publishes it. */
  heartbeatOf: (agentId: string): string => T.heartbeat.build({ partition: partitionOf(agentId), agentId }),
  healthState: (agentId: string): string => T.healthState.build({ agentId }),
  suspicion: (agentId: string): string => T.suspicion.build({ agentId }),
  agentHealthQuery: (): string => T.agentHealthQuery.build({}),
  fleetSummaryQuery: (): string => T.fleetSummaryQuery.build({}),
  agentListQuery: (): string => T.agentListQuery.build({}),
  failures: (severity: Severity, agentId: string): string => T.failures.build({ severity, agentId }),
  patterns: (patternType: PatternType): string => T.patterns.build({ patternType }),
  recovery: (phase: RecoveryPhase, agentId: string): string => T.recovery.build({ phase, agentId }),
  escalation: (level: EscalationLevel): string => T.escalation.build({ level }),
  recoveryLedger: (group: string, target: string): string => T.recoveryLedger.build({ group, target }),
  recoveryHistoryQuery: (): string => T.recoveryHistoryQuery.build({}),
  quarantine: (agentId: string): string => T.quarantine.build({ agentId }),
  taskSubmit: (taskType: string): string => T.taskSubmit.build({ taskType }),
  taskRequest: (taskType: string): string => T.taskRequest.build({ taskType }),
  taskAssigned: (agentId: string): string => T.taskAssigned.build({ agentId }),
  taskResult: (agentId: string): string => T.taskResult.build({ agentId }),
  workHandoff: (agentId: string): string => T.workHandoff.build({ agentId }),
  taskClaims: (instanceId: string): string => T.taskClaims.build({ instanceId }),
  breakerTransition: (agentId: string): string => T.breakerTransition.build({ agentId }),
  resourceRequest: (resourceType: string): string => T.resourceRequest.build({ resourceType }),
  consensusPropose: (instanceId: string): string => T.consensusPropose.build({ instanceId }),
  consensusDecided: (instanceId: string): string => T.consensusDecided.build({ instanceId }),
  leaderElected: (domain: string): string => T.leaderElected.build({ domain }),
  lockAcquire: (lockName: string): string => T.lockAcquire.build({ lockName }),
  lockRelease: (lockName: string): string => T.lockRelease.build({ lockName }),
  barrierArrival: (barrierId: string): string => T.barrierArrival.build({ barrierId }),
  consensusQuery: (): string => T.consensusQuery.build({}),
  voteCall: (voteId: string): string => T.voteCall.build({ voteId }),
  electionLeadersQuery: (): string => T.electionLeadersQuery.build({}),
  agentTasks: (agentId: string): string => T.agentTasks.build({ agentId }),
  agentControl: (agentId: string): string => T.agentControl.build({ agentId }),
  agentConsensus: (agentId: string): string => T.agentConsensus.build({ agentId }),
  agentVote: (agentId: string): string => T.agentVote.build({ agentId }),
  hostControl: (hostId: string): string => T.hostControl.build({ hostId }),
  alerts: (status: AlertStatus, severity: Severity): string => T.alerts.build({ status, severity }),
  alertListQuery: (): string => T.alertListQuery.build({}),
  silenceListQuery: (): string => T.silenceListQuery.build({}),
  silenceCreate: (): string => T.silenceCreate.build({}),
  silenceExpire: (): string => T.silenceExpire.build({}),
  incidentAcknowledge: (): string => T.incidentAcknowledge.build({}),
  alertReceiver: (receiver: string): string => T.alertReceiver.build({ receiver }),
  dlq: (service: string): string => T.dlq.build({ service }),
} as const;
