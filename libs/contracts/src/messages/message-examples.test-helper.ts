import { MessageClass } from '../registry/message-class';
import { AgentControlCommand } from './agent-control.messages';
import {
  AlertGroupNotice,
  AlertList,
  AlertListQuery,
  IncidentAcknowledge,
  IncidentReply,
  SilenceCreate,
  SilenceExpire,
  SilenceList,
  SilenceListQuery,
  SilenceView,
} from './alert-api.messages';
import { AlertNotification } from './alert.messages';
import { BarrierArrival, BarrierReleased } from './barrier.messages';
import { CommandReceipt } from './command-receipt.messages';
import {
  ConsensusAccept,
  ConsensusAccepted,
  ConsensusDecided,
  ConsensusPrepare,
  ConsensusPromise,
  ConsensusProposal,
  ConsensusQuery,
} from './consensus.messages';
import { DeadLetter } from './dead-letter.messages';
import { ElectionLeaders, ElectionLeadersQuery, LeaderElected } from './election.messages';
import { Escalation } from './escalation.messages';
import { AgentSuspected, FailureDetected } from './failure.messages';
import {
  AgentHealthQuery,
  AgentHealthReply,
  AgentListPage,
  AgentListQuery,
  FleetSummary,
  FleetSummaryQuery,
} from './health-query.messages';
import { AgentHealthRecord, HealthStateChanged, Heartbeat } from './health.messages';
import { LeaseRecord } from './lease.messages';
import { LockAcquire, LockGrant, LockRelease } from './lock.messages';
import { PatternDetected } from './pattern.messages';
import { AgentQuarantine } from './quarantine.messages';
import { RecoveryCommand, RecoveryEvent } from './recovery.messages';
import { RecoveryDecision, RecoveryHistory, RecoveryHistoryQuery } from './recovery-ledger.messages';
import { RemoteError } from './remote-error.messages';
import { ResourceGrant, ResourceRequest } from './resource.messages';
import { TaskClaimQuery, TaskClaimStatus } from './task-claim.messages';
import { TaskRunRecord } from './task-run.messages';
import { TaskAssigned, TaskDispatch, TaskResult, TaskSubmitted } from './task.messages';
import { VoteBallot, VoteCall, VoteOutcome, VoteQuestion } from './vote.messages';
import { WorkHandoff } from './work-handoff.messages';
import { BreakerTransition } from './breaker.messages';

type Plain = Record<string, unknown>;

const at = '2026-01-31T12:00:00.000Z';
const ballot = { round: 3, proposerId: 'consensus-1' };
const reason = { failureId: 'failure-1', summary: 'heartbeat-timeout on agent-1' };
const evidenceLink = { kind: 'failure', ref: 'failure-1', summary: 'agent-1 silent for 9 s', at };

export const heartbeatExample = (): Plain => ({
  agentId: 'agent-1',
  hostId: 'host-1',
  zone: 'eu-west-1a',
  capabilities: ['code_analysis', 'summarise'],
  capacity: 4,
  inFlightTasks: 2,
  queueDepth: 1,
  cpuRatio: 0.42,
  memoryBytes: 256 * 1024 * 1024,
  memoryLimitBytes: 512 * 1024 * 1024,
  latencyEwmaMs: 12.5,
  errorRatio: 0.01,
  tasksCompleted: 120,
  tasksFailed: 2,
  sequence: 77,
  incarnation: 1767225600000,
  lifecycle: 'ready',
  intervalMs: 1000,
  sentAt: at,
});

const agentRecordExample = (): Plain => ({
  agentId: 'agent-1',
  hostId: 'host-1',
  zone: 'eu-west-1a',
  capabilities: ['code_analysis'],
  incarnation: 1,
  lifecycle: 'ready',
  intervalMs: 1000,
  state: 'healthy',
  stateSince: at,
  reasons: [],
  score: 0.97,
  load: {
    capacity: 4,
    inFlightTasks: 1,
    queueDepth: 0,
    cpuRatio: 0.2,
    memoryBytes: 1024,
    latencyEwmaMs: 3,
    errorRatio: 0,
  },
  tasksCompleted: 10,
  tasksFailed: 0,
  lastSequence: 9,
  lastHeartbeatAt: at,
});

export const failureExample = (): Plain => ({
  failureId: 'failure-1',
  agentId: 'agent-1',
  hostId: 'host-1',
  zone: 'eu-west-1a',
  incarnation: 1,
  failureType: 'heartbeat-timeout',
  severity: 'high',
  detectedBy: 'failure-detector-0',
  detectedAt: at,
  evidence: {
    phi: 12.3,
    phiThreshold: 8,
    silenceMs: 9000,
    intervalMeanMs: 1002,
    intervalStdDevMs: 41,
    lastHeartbeatAt: at,
    lastSequence: 76,
  },
  summary: 'no heartbeat for 9 s (phi 12.3 > 8)',
});

const taskSubmittedExample = (): Plain => ({
  taskId: 'task-1',
  taskType: 'summarise',
  priority: 'normal',
  requiredCapabilities: ['summarise'],
  preferredZones: ['eu-west-1a'],
  payload: { document: 'abc', nested: { pages: [1, 2] } },
  timeoutMs: 60_000,
  maxAttempts: 3,
  submittedBy: 'client-1',
  submittedAt: at,
});

const recoveryDecisionExample = (): Plain => ({
  decisionId: 'decision-1',
  kind: 'policy-fired',
  group: 'indexers',
  runId: 'run-1',
  strategy: 'one_for_all',
  restartType: 'permanent',
  plan: 'restart',
  diagnosis: 'process-crash',
  agentId: 'agent-1',
  hostId: 'host-1',
  incarnation: 1,
  affectedAgentIds: ['agent-1', 'agent-2'],
  failureIds: ['failure-1'],
  commandId: 'command-1',
  action: 'restart',
  attempt: 1,
  delayMs: 200,
  fencingToken: 42,
  summary: 'process-crash of agent-1: one_for_all restarts agent-1 and agent-2',
  decidedBy: 'recovery-coordinator-0',
  decidedAt: at,
});

/** A valid plain example of every message class, as a producer would send it. */
function alertMatcherExample(): Plain {
  return { name: 'zone', value: 'eu-west-1a', isRegex: false, isEqual: true };
}

function alertViewExample(): Plain {
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    labels: [{ name: 'alertname', value: 'AgentFailure' }],
    state: 'active',
    silencedBy: [],
    inhibitedBy: [],
    summary: 'agent-1 unresponsive',
    startsAt: at,
    updatedAt: at,
  };
}

function silenceViewExample(): Plain {
  return {
    silenceId: 'silence-1',
    matchers: [alertMatcherExample()],
    startsAt: at,
    endsAt: at,
    createdBy: 'operator@example.com',
    comment: 'maintenance',
    state: 'active',
    updatedAt: at,
  };
}

export const MESSAGE_EXAMPLES = new Map<MessageClass, () => Plain>([
  [Heartbeat, heartbeatExample],
  [
    HealthStateChanged,
    () => ({
      agentId: 'agent-1',
      hostId: 'host-1',
      zone: 'eu-west-1a',
      incarnation: 1,
      previousState: 'healthy',
      state: 'unresponsive',
      reasons: ['no heartbeat for 9 s'],
      phi: 12.3,
      lastHeartbeatAt: at,
      changedAt: at,
    }),
  ],
  [AgentHealthRecord, agentRecordExample],
  [AgentHealthQuery, () => ({ agentId: 'agent-1' })],
  [AgentHealthReply, () => ({ agent: agentRecordExample() })],
  [FleetSummaryQuery, () => ({ zone: 'eu-west-1a' })],
  [
    FleetSummary,
    () => ({
      zone: 'eu-west-1a',
      totalAgents: 3,
      byState: [
        { state: 'healthy', agents: 2 },
        { state: 'unresponsive', agents: 1 },
      ],
      byLifecycle: [{ lifecycle: 'ready', agents: 3 }],
      totalCapacity: 12,
      totalInFlightTasks: 4,
      generatedAt: at,
    }),
  ],
  [AgentListQuery, () => ({ states: ['healthy', 'degraded'], zone: 'eu-west-1a', limit: 50 })],
  [AgentListPage, () => ({ agents: [agentRecordExample()], nextCursor: 'agent-1' })],
  [FailureDetected, failureExample],
  [
    AgentSuspected,
    () => ({
      agentId: 'agent-1',
      hostId: 'host-1',
      zone: 'eu-west-1a',
      incarnation: 1,
      phi: 5.4,
      phiThreshold: 5,
      silenceMs: 4200,
      lastHeartbeatAt: at,
      lastSequence: 76,
      suspectedBy: 'failure-detector-0',
      suspectedAt: at,
    }),
  ],
  [
    PatternDetected,
    () => ({
      patternId: 'pattern-1',
      revision: 2,
      patternType: 'zone-outage',
      scope: { kind: 'zone', id: 'eu-west-1a' },
      severity: 'critical',
      affectedAgentIds: ['agent-1', 'agent-2'],
      confidence: 0.8,
      evidence: {
        failureIds: ['failure-1', 'failure-2'],
        failureCount: 2,
        windowMs: 60_000,
        zones: ['eu-west-1a'],
        hostIds: ['host-1'],
        affectedFraction: 1,
        scopeAgentCount: 2,
        rateTrend: [0, 2],
        expectedCount: 0.02,
      },
      recommendedAction: 'drain',
      detectedBy: 'failure-detector-0',
      detectedAt: at,
      activeUntil: at,
      summary: 'both agents of zone eu-west-1a failed within 60 s',
    }),
  ],
  [
    RecoveryCommand,
    () => ({
      commandId: 'command-1',
      action: 'restart',
      agentId: 'agent-1',
      hostId: 'host-1',
      incarnation: 1,
      fencingToken: 42,
      attempt: 1,
      timeoutMs: 30_000,
      graceMs: 0,
      reason,
      issuedBy: 'recovery-coordinator-0',
      issuedAt: at,
    }),
  ],
  [
    RecoveryEvent,
    () => ({
      commandId: 'command-1',
      phase: 'failed',
      action: 'restart',
      agentId: 'agent-1',
      hostId: 'host-1',
      incarnation: 1,
      fencingToken: 42,
      attempt: 1,
      reason,
      retryInMs: 200,
      detail: 'host did not answer',
      occurredAt: at,
    }),
  ],
  [RecoveryDecision, recoveryDecisionExample],
  [RecoveryHistoryQuery, () => ({ agentId: 'agent-1', limit: 50, lookbackMs: 3_600_000 })],
  [RecoveryHistory, () => ({ entries: [recoveryDecisionExample()], truncated: false })],
  [
    WorkHandoff,
    () => ({
      handoffId: 'handoff-1',
      agentId: 'agent-1',
      hostId: 'host-1',
      incarnation: 1,
      taskIds: ['task-1', 'task-2'],
      inFlightTaskCount: 2,
      reason,
      issuedBy: 'recovery-coordinator-0',
      issuedAt: at,
    }),
  ],
  [
    AgentQuarantine,
    () => ({
      agentId: 'agent-1',
      hostId: 'host-1',
      incarnation: 1,
      quarantined: true,
      until: at,
      reason,
      decidedBy: 'recovery-coordinator-0',
      decidedAt: at,
    }),
  ],
  [
    Escalation,
    () => ({
      escalationId: 'escalation-1',
      level: 'operator',
      severity: 'critical',
      agentIds: ['agent-1'],
      evidence: [evidenceLink],
      reason: 'restart intensity exceeded: 5 restarts in 60 s',
      raisedBy: 'recovery-coordinator-0',
      raisedAt: at,
    }),
  ],
  [TaskSubmitted, taskSubmittedExample],
  [
    TaskAssigned,
    () => ({
      taskId: 'task-1',
      taskType: 'summarise',
      agentId: 'agent-1',
      hostId: 'host-1',
      zone: 'eu-west-1a',
      attempt: 1,
      decision: { strategy: 'least-loaded', candidatesConsidered: 5, reason: 'lowest in-flight ratio 0.25' },
      assignedBy: 'load-balancer-0',
      assignedAt: at,
    }),
  ],
  [
    TaskDispatch,
    () => ({
      taskId: 'task-1',
      taskType: 'summarise',
      priority: 'high',
      payload: { document: 'abc' },
      attempt: 1,
      timeoutMs: 60_000,
      assignedAt: at,
    }),
  ],
  [
    TaskResult,
    () => ({
      taskId: 'task-1',
      taskType: 'summarise',
      agentId: 'agent-1',
      attempt: 1,
      outcome: 'failed',
      error: { code: 'upstream_timeout', message: 'model API timed out', retryable: true },
      durationMs: 1500,
      completedAt: at,
    }),
  ],
  [TaskClaimQuery, () => ({ taskIds: ['task-1', 'task-2'], askedBy: 'load-balancer-2' })],
  [TaskClaimStatus, () => ({ instanceId: 'load-balancer-1', running: ['task-2'] })],
  [
    TaskRunRecord,
    () => ({
      taskId: 'task-1',
      taskType: 'summarise',
      owner: 'load-balancer-1',
      state: 'finished',
      claimedAt: at,
      runUntil: at,
      submissionSequence: 42,
      result: {
        taskId: 'task-1',
        taskType: 'summarise',
        agentId: 'agent-1',
        attempt: 1,
        outcome: 'succeeded',
        result: { summary: 'short' },
        durationMs: 1500,
        completedAt: at,
      },
    }),
  ],
  [
    CommandReceipt,
    () => ({
      commandId: 'command-1',
      accepted: false,
      reason: 'stale fencing token',
      receivedBy: 'host-1',
      receivedAt: at,
    }),
  ],
  [
    AgentControlCommand,
    () => ({
      commandId: 'command-2',
      action: 'drain',
      agentId: 'agent-1',
      incarnation: 1,
      fencingToken: 42,
      graceMs: 30_000,
      reason: 'host maintenance',
      issuedBy: 'operator-cli',
      issuedAt: at,
    }),
  ],
  [
    DeadLetter,
    () => ({
      service: 'health-collector',
      originalSubject: 'supervision.health.heartbeat.3.agent-1',
      headers: [{ name: 'ce-type', value: 'warden.health.heartbeat.v1' }],
      bodyBase64: Buffer.from('{"agentId":1}').toString('base64'),
      bodyPreview: '{"agentId":1}',
      bodyBytes: 13,
      bodyTruncated: false,
      reason: 'validation',
      errors: [{ path: 'agentId', constraint: 'isString', message: 'agentId must be a string' }],
      deliveryCount: 1,
      receivedAt: at,
    }),
  ],
  [
    RemoteError,
    () => ({
      code: 'validation',
      message: 'invalid request',
      issues: [{ path: 'limit', constraint: 'max', message: 'limit must not be greater than 100' }],
      requestType: 'warden.health.query.list.v1',
      respondedBy: 'health-collector-0',
    }),
  ],
  [
    AlertNotification,
    () => ({
      alertId: 'alert-1',
      status: 'firing',
      severity: 'high',
      urgency: 'high',
      summary: 'agent-1 unresponsive',
      agentIds: ['agent-1'],
      labels: [{ name: 'zone', value: 'eu-west-1a' }],
      evidence: [evidenceLink],
      startsAt: at,
      updatedAt: at,
    }),
  ],
  [
    ConsensusProposal,
    () => ({
      instanceId: 'config-7',
      value: '{"v":1}',
      participantIds: ['agent-1', 'agent-2'],
      proposedBy: 'svc-1',
    }),
  ],
  [ConsensusPrepare, () => ({ instanceId: 'config-7', ballot })],
  [
    ConsensusPromise,
    () => ({
      instanceId: 'config-7',
      acceptorId: 'agent-1',
      ballot,
      promised: true,
      acceptedBallot: { round: 2, proposerId: 'consensus-0' },
      acceptedValue: '{"v":0}',
    }),
  ],
  [ConsensusAccept, () => ({ instanceId: 'config-7', ballot, value: '{"v":1}' })],
  [ConsensusAccepted, () => ({ instanceId: 'config-7', acceptorId: 'agent-1', ballot, accepted: true })],
  [
    ConsensusDecided,
    () => ({
      instanceId: 'config-7',
      ballot,
      value: '{"v":1}',
      acceptorIds: ['agent-1', 'agent-2'],
      decidedAt: at,
    }),
  ],
  [
    LeaderElected,
    () => ({
      domain: 'alert-sender',
      leaderId: 'alert-manager-1',
      fencingToken: 17,
      leaseTtlMs: 15_000,
      electedAt: at,
    }),
  ],
  [LeaseRecord, () => ({ holderId: 'alert-manager-1', acquiredAt: at, renewedAt: at })],
  [ConsensusQuery, () => ({ instanceId: 'config-7' })],
  [
    VoteCall,
    () => ({
      voteId: 'deploy-42',
      proposal: '{"release":"1.4.0"}',
      participantIds: ['agent-1', 'agent-2', 'agent-3'],
      requiredYes: 2,
      deadlineMs: 5_000,
      calledBy: 'deployer',
    }),
  ],
  [VoteQuestion, () => ({ voteId: 'deploy-42', proposal: '{"release":"1.4.0"}' })],
  [VoteBallot, () => ({ voteId: 'deploy-42', agentId: 'agent-1', accept: false, reason: 'draining' })],
  [
    VoteOutcome,
    () => ({
      voteId: 'deploy-42',
      outcome: 'accepted',
      yes: ['agent-2', 'agent-3'],
      no: ['agent-1'],
      silent: [],
      decidedAt: at,
    }),
  ],
  [ElectionLeadersQuery, () => ({ domain: 'alert-sender' })],
  [
    ElectionLeaders,
    () => ({
      leaders: [
        {
          domain: 'alert-sender',
          leaderId: 'alert-manager-1',
          fencingToken: 17,
          leaseTtlMs: 2000,
          renewedAt: at,
        },
      ],
    }),
  ],
  [LockAcquire, () => ({ lockName: 'schema-migration', holderId: 'svc-1', ttlMs: 10_000, waitMs: 0 })],
  [
    LockGrant,
    () => ({
      lockName: 'schema-migration',
      granted: true,
      holderId: 'svc-1',
      fencingToken: 5,
      expiresAt: at,
    }),
  ],
  [LockRelease, () => ({ lockName: 'schema-migration', holderId: 'svc-1', fencingToken: 5 })],
  [
    BarrierArrival,
    () => ({ barrierId: 'stage-2', participantId: 'agent-1', expectedParticipants: 3, timeoutMs: 30_000 }),
  ],
  [
    BarrierReleased,
    () => ({ barrierId: 'stage-2', participantIds: ['agent-1', 'agent-2', 'agent-3'], releasedAt: at }),
  ],
  [
    ResourceRequest,
    () => ({ requestId: 'request-1', resourceType: 'gpu', requesterId: 'agent-1', units: 1, ttlMs: 60_000 }),
  ],
  [
    ResourceGrant,
    () => ({ requestId: 'request-1', resourceType: 'gpu', granted: true, unitsGranted: 1, expiresAt: at }),
  ],
  [AlertListQuery, () => ({ filter: [alertMatcherExample()], includeResolved: false })],
  [AlertList, () => ({ alerts: [alertViewExample()], truncatedAlerts: 0 })],
  [SilenceListQuery, () => ({ includeExpired: true })],
  [SilenceList, () => ({ silences: [silenceViewExample()] })],
  [
    SilenceCreate,
    () => ({
      matchers: [alertMatcherExample()],
      endsAt: at,
      createdBy: 'operator@example.com',
      comment: 'maintenance of zone eu-west-1a',
    }),
  ],
  [SilenceExpire, () => ({ silenceId: 'silence-1' })],
  [SilenceView, silenceViewExample],
  [IncidentAcknowledge, () => ({ incidentId: 'incident-1', acknowledgedBy: 'ops-oncall' })],
  [
    IncidentReply,
    () => ({
      incident: {
        incidentId: 'incident-1',
        groupKey: '{}/{zone="eu-west-1a"}:{alertname="AgentFailure"}',
        state: 'acknowledged',
        escalationStep: 1,
        acknowledgedBy: 'ops-oncall',
        acknowledgedAt: at,
        openedAt: at,
        updatedAt: at,
      },
    }),
  ],
  [
    AlertGroupNotice,
    () => ({
      receiver: 'ops-nats',
      groupKey: '{}:{zone="eu-west-1a"}',
      status: 'firing',
      groupLabels: [{ name: 'zone', value: 'eu-west-1a' }],
      alerts: [alertViewExample()],
      truncatedAlerts: 0,
      reason: 'new-alerts',
      fencingToken: 12,
      sentAt: at,
    }),
  ],
  [
    BreakerTransition,
    () => ({
      agentId: 'agent-1',
      previousState: 'closed',
      state: 'open',
      generation: 3,
      consecutiveOpenings: 1,
      openUntil: at,
      failureRatio: 0.6,
      consecutiveFailures: 5,
      reason: '5 consecutive failures',
      decidedBy: 'load-balancer-1',
      decidedAt: at,
    }),
  ],
]);
