import { ALERT_STATUSES } from '../messages/alert.messages';
import { SEVERITIES } from '../messages/common/severity';
import { ESCALATION_LEVELS } from '../messages/escalation.messages';
import { PATTERN_TYPES } from '../messages/pattern.messages';
import { RECOVERY_PHASES } from '../messages/recovery.messages';
import { SubjectTemplate } from './subject-template';
import { enumTokenCodec, idTokenCodec, partitionTokenCodec } from './subject-token';

const agentId = idTokenCodec('agent id; the last token of per-agent event subjects');
const noTokens = {};

/**
 * Every subject shape in Warden. Rules (ARCHITECTURE §3): a position means one thing; the fixed verb
 * after a family (`submit`, `request`, `state`…) sits where a free-form id could otherwise be, so no id
 * can ever spell another subject; streams list these patterns one by one, never a whole root.
 */
export const SubjectTemplates = {
  heartbeat: new SubjectTemplate('supervision.health.heartbeat.{partition}.{agentId}', {
    partition: partitionTokenCodec,
    agentId,
  }),
  healthState: new SubjectTemplate('supervision.health.state.{agentId}', { agentId }),
  suspicion: new SubjectTemplate('supervision.health.suspected.{agentId}', { agentId }),
  agentHealthQuery: new SubjectTemplate('supervision.health.query.agent', noTokens),
  fleetSummaryQuery: new SubjectTemplate('supervision.health.query.fleet', noTokens),
  agentListQuery: new SubjectTemplate('supervision.health.query.list', noTokens),
  failures: new SubjectTemplate('supervision.failures.{severity}.{agentId}', {
    severity: enumTokenCodec(SEVERITIES, 'failure severity'),
    agentId,
  }),
  patterns: new SubjectTemplate('supervision.patterns.{patternType}', {
    patternType: enumTokenCodec(PATTERN_TYPES, 'pattern type'),
  }),
  recovery: new SubjectTemplate('supervision.recovery.{phase}.{agentId}', {
    phase: enumTokenCodec(RECOVERY_PHASES, 'recovery step'),
    agentId,
  }),
  escalation: new SubjectTemplate('supervision.escalation.{level}', {
    level: enumTokenCodec(ESCALATION_LEVELS, 'escalation level'),
  }),
  recoveryLedger: new SubjectTemplate('supervision.ledger.entry.{group}.{target}', {
    group: idTokenCodec('policy group of the decision; `fleet` for fleet-wide decisions'),
    target: idTokenCodec('agent id, or the pattern or escalation id of a decision about many agents'),
  }),
  recoveryHistoryQuery: new SubjectTemplate('supervision.ledger.query', noTokens),
  quarantine: new SubjectTemplate('supervision.quarantine.{agentId}', { agentId }),
  taskSubmit: new SubjectTemplate('coordination.tasks.submit.{taskType}', {
    taskType: idTokenCodec('task type, chosen by the application'),
  }),
  taskRequest: new SubjectTemplate('coordination.tasks.request.{taskType}', {
    taskType: idTokenCodec('task type, chosen by the application'),
  }),
  taskAssigned: new SubjectTemplate('coordination.tasks.assigned.{agentId}', { agentId }),
  taskResult: new SubjectTemplate('coordination.tasks.result.{agentId}', { agentId }),
  workHandoff: new SubjectTemplate('coordination.tasks.handoff.{agentId}', { agentId }),
  taskClaims: new SubjectTemplate('coordination.tasks.claims.{instanceId}', {
    instanceId: idTokenCodec('load-balancer replica (SERVICE_INSTANCE_ID)'),
  }),
  breakerTransition: new SubjectTemplate('coordination.tasks.breaker.{agentId}', { agentId }),
  resourceRequest: new SubjectTemplate('coordination.resources.request.{resourceType}', {
    resourceType: idTokenCodec('resource type (a quota or pool name)'),
  }),
  consensusPropose: new SubjectTemplate('coordination.consensus.propose.{instanceId}', {
    instanceId: idTokenCodec('consensus instance id'),
  }),
  consensusDecided: new SubjectTemplate('coordination.consensus.decided.{instanceId}', {
    instanceId: idTokenCodec('consensus instance id'),
  }),
  leaderElected: new SubjectTemplate('coordination.election.elected.{domain}', {
    domain: idTokenCodec('election domain (one per singleton role)'),
  }),
  lockAcquire: new SubjectTemplate('coordination.lock.acquire.{lockName}', {
    lockName: idTokenCodec('lock name'),
  }),
  lockRelease: new SubjectTemplate('coordination.lock.release.{lockName}', {
    lockName: idTokenCodec('lock name'),
  }),
  barrierArrival: new SubjectTemplate('coordination.sync.barrier.{barrierId}', {
    barrierId: idTokenCodec('barrier id'),
  }),
  consensusQuery: new SubjectTemplate('coordination.consensus.query', noTokens),
  voteCall: new SubjectTemplate('coordination.consensus.vote.{voteId}', { voteId: idTokenCodec('vote id') }),
  electionLeadersQuery: new SubjectTemplate('coordination.election.query', noTokens),
  agentTasks: new SubjectTemplate('agent.{agentId}.tasks', { agentId }),
  agentControl: new SubjectTemplate('agent.{agentId}.control', { agentId }),
  agentConsensus: new SubjectTemplate('agent.{agentId}.consensus', { agentId }),
  agentVote: new SubjectTemplate('agent.{agentId}.vote', { agentId }),
  hostControl: new SubjectTemplate('host.{hostId}.control', { hostId: idTokenCodec('host id') }),
  alerts: new SubjectTemplate('alerts.{status}.{severity}', {
    status: enumTokenCodec(ALERT_STATUSES, 'alert status'),
    severity: enumTokenCodec(SEVERITIES, 'alert severity'),
  }),
  alertListQuery: new SubjectTemplate('alerts.api.alerts.list', noTokens),
  silenceListQuery: new SubjectTemplate('alerts.api.silences.list', noTokens),
  silenceCreate: new SubjectTemplate('alerts.api.silences.create', noTokens),
  silenceExpire: new SubjectTemplate('alerts.api.silences.expire', noTokens),
  incidentAcknowledge: new SubjectTemplate('alerts.api.incidents.ack', noTokens),
  alertReceiver: new SubjectTemplate('alerts.receiver.{receiver}.notify', {
    receiver: idTokenCodec('receiver name from the alert manager configuration'),
  }),
  dlq: new SubjectTemplate('dlq.{service}', { service: idTokenCodec('service whose input died') }),
} as const;

export type SubjectKey = keyof typeof SubjectTemplates;
