import { AgentControlCommand } from '../messages/agent-control.messages';
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
} from '../messages/alert-api.messages';
import { AlertNotification } from '../messages/alert.messages';
import { BarrierArrival, BarrierReleased } from '../messages/barrier.messages';
import { CommandReceipt } from '../messages/command-receipt.messages';
import {
  ConsensusAccept,
  ConsensusAccepted,
  ConsensusDecided,
  ConsensusPrepare,
  ConsensusPromise,
  ConsensusProposal,
  ConsensusQuery,
} from '../messages/consensus.messages';
import { DeadLetter } from '../messages/dead-letter.messages';
import { ElectionLeaders, ElectionLeadersQuery, LeaderElected } from '../messages/election.messages';
import { Escalation } from '../messages/escalation.messages';
import { AgentSuspected, FailureDetected } from '../messages/failure.messages';
import {
  AgentHealthQuery,
  AgentHealthReply,
  AgentListPage,
  AgentListQuery,
  FleetSummary,
  FleetSummaryQuery,
} from '../messages/health-query.messages';
import { HealthStateChanged, Heartbeat } from '../messages/health.messages';
import { LockAcquire, LockGrant, LockRelease } from '../messages/lock.messages';
import { PatternDetected } from '../messages/pattern.messages';
import { AgentQuarantine } from '../messages/quarantine.messages';
import { RecoveryCommand, RecoveryEvent } from '../messages/recovery.messages';
import {
  RecoveryDecision,
  RecoveryHistory,
  RecoveryHistoryQuery,
} from '../messages/recovery-ledger.messages';
import { ResourceGrant, ResourceRequest } from '../messages/resource.messages';
import { BreakerTransition } from '../messages/breaker.messages';
import { TaskAssigned, TaskDispatch, TaskResult, TaskSubmitted } from '../messages/task.messages';
import { VoteBallot, VoteCall, VoteOutcome, VoteQuestion } from '../messages/vote.messages';
import { TaskClaimQuery, TaskClaimStatus } from '../messages/task-claim.messages';
import { WorkHandoff } from '../messages/work-handoff.messages';
import { MessageClass } from '../registry/message-class';
import { StreamName } from '../streams/stream-spec';
import { Participant } from './participants';
import { SubjectKey, SubjectTemplates } from './subject-templates';

/**
 * - core: fire-and-forget core NATS, loss-tolerant (never captured by a stream);
 * - jetstream: published to a stream with a de-duplication id, consumed by durable consumers;
 * - request-reply: core request with a reply (never captured by a stream, or the reply would be a
 *   JetStream publish ack).
 */
export const TRANSPORTS = ['core', 'jetstream', 'request-reply'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface SubjectTokenEntry {
  readonly name: string;
  readonly meaning: string;
  readonly values?: readonly string[];
}

export interface SubjectEntry {
  readonly key: SubjectKey;
  /** Variables in braces: `supervision.failures.{severity}.{agentId}`. */
  readonly pattern: string;
  /** The pattern with every variable as `*`: subscribes to every subject of this entry. */
  readonly wildcard: string;
  readonly tokens: readonly SubjectTokenEntry[];
  /** What is published on the subject (for request-reply: the request). */
  readonly messages: readonly MessageClass[];
  /** Request-reply only: the normal replies; RemoteError may always come instead. */
  readonly replies: readonly MessageClass[];
  readonly transport: Transport;
  /** Set exactly when transport is `jetstream`. */
  readonly stream?: StreamName;
  readonly publishers: readonly Participant[];
  readonly consumers: readonly Participant[];
  readonly description: string;
}

type SubjectFacts = Omit<SubjectEntry, 'key' | 'pattern' | 'wildcard' | 'tokens' | 'replies'> & {
  readonly replies?: readonly MessageClass[];
};

const supervision = (facts: Omit<SubjectFacts, 'transport' | 'stream'>): SubjectFacts => ({
  ...facts,
  transport: 'jetstream',
  stream: 'SUPERVISION',
});
const coordination = (facts: Omit<SubjectFacts, 'transport' | 'stream'>): SubjectFacts => ({
  ...facts,
  transport: 'jetstream',
  stream: 'COORDINATION',
});
const requestReply = (facts: Omit<SubjectFacts, 'transport' | 'stream'>): SubjectFacts => ({
  ...facts,
  transport: 'request-reply',
});

// A Record over SubjectKey: adding a template without describing it here does not compile.
const FACTS: Record<SubjectKey, SubjectFacts> = {
  heartbeat: {
    transport: 'core',
    messages: [Heartbeat],
    publishers: ['agent-sdk'],
    consumers: ['health-collector', 'failure-detector', 'load-balancer'],
    description:
      'Liveness and load of one agent, every interval. The partition token lets each replica subscribe to the partitions it owns only.',
  },
  healthState: supervision({
    messages: [HealthStateChanged],
    publishers: ['health-collector'],
    consumers: ['load-balancer', 'recovery-coordinator', 'failure-detector', 'consensus-coordinator'],
    description:
      "A change of the collector's verdict on one agent (healthy, degraded, unhealthy, unresponsive, draining, stopped).",
  }),
  suspicion: {
    transport: 'core',
    messages: [AgentSuspected],
    publishers: ['failure-detector'],
    consumers: ['load-balancer', 'operators'],
    description:
      "An agent's φ crossed the suspect threshold: late, not convicted. A hint to stop sending it new work; at most one per silence.",
  },
  agentHealthQuery: requestReply({
    messages: [AgentHealthQuery],
    replies: [AgentHealthReply],
    publishers: ['operators'],
    consumers: ['health-collector'],
    description: 'The registry record of one agent; RemoteError not-found when unknown.',
  }),
  fleetSummaryQuery: requestReply({
    messages: [FleetSummaryQuery],
    replies: [FleetSummary],
    publishers: ['operators'],
    consumers: ['health-collector'],
    description: 'Counts of agents by health state and lifecycle, for the fleet or one zone.',
  }),
  agentListQuery: requestReply({
    messages: [AgentListQuery],
    replies: [AgentListPage],
    publishers: ['operators'],
    consumers: ['health-collector'],
    description: 'A filtered page of agent records, ordered by agent id, with a cursor for the next page.',
  }),
  failures: supervision({
    messages: [FailureDetected],
    publishers: ['failure-detector'],
    consumers: [
      'recovery-coordinator',
      'alert-manager',
      'load-balancer',
      'failure-detector',
      'consensus-coordinator',
    ],
    description:
      'A convicted failure of one agent, with its evidence. Subscribe per severity or fan in with a wildcard.',
  }),
  patterns: supervision({
    messages: [PatternDetected],
    publishers: ['failure-detector'],
    consumers: ['recovery-coordinator', 'alert-manager', 'failure-detector'],
    description:
      'A pattern across failures (spike, cascade, crash loop, partition…) with the agents it affects.',
  }),
  recovery: supervision({
    messages: [RecoveryEvent],
    publishers: ['recovery-coordinator'],
    consumers: ['alert-manager', 'operators'],
    description: 'One step of a recovery: commanded, succeeded, failed, timed out, or suppressed by a gate.',
  }),
  escalation: supervision({
    messages: [Escalation],
    publishers: ['recovery-coordinator'],
    consumers: ['alert-manager', 'operators'],
    description: 'A problem beyond automatic recovery, with the chain of evidence that led to it.',
  }),
  recoveryLedger: supervision({
    messages: [RecoveryDecision],
    publishers: ['recovery-coordinator'],
    consumers: ['recovery-coordinator', 'operators'],
    description:
      'The recovery ledger: every decision (policy fired, delay, attempt, outcome, gate, escalation, hand-off) by policy group and agent.',
  }),
  recoveryHistoryQuery: requestReply({
    messages: [RecoveryHistoryQuery],
    replies: [RecoveryHistory],
    publishers: ['operators'],
    consumers: ['recovery-coordinator'],
    description:
      'The ledger of one agent or one policy group, newest entries within a lookback, oldest first.',
  }),
  quarantine: supervision({
    messages: [AgentQuarantine],
    publishers: ['recovery-coordinator'],
    consumers: ['load-balancer', 'operators'],
    description:
      'An agent taken out of routing (slow, draining) until a time, or put back; the load balancer sends it no new work meanwhile.',
  }),
  taskSubmit: coordination({
    messages: [TaskSubmitted],
    publishers: ['task-submitter'],
    consumers: ['load-balancer'],
    description:
      'Durable task submission: stored in COORDINATION, routed once by the load balancer, de-duplicated by task id.',
  }),
  taskRequest: requestReply({
    messages: [TaskSubmitted],
    replies: [TaskResult],
    publishers: ['task-submitter'],
    consumers: ['load-balancer'],
    description:
      'Submission by request/reply: the caller waits for the final TaskResult (after retries elsewhere), or a RemoteError (unavailable when no agent can take it, timeout, validation).',
  }),
  taskAssigned: coordination({
    messages: [TaskAssigned],
    publishers: ['load-balancer'],
    consumers: ['recovery-coordinator', 'operators'],
    description: 'The routing decision for one task attempt, by the agent it went to.',
  }),
  taskResult: coordination({
    messages: [TaskResult],
    publishers: ['agent-sdk'],
    consumers: ['load-balancer', 'recovery-coordinator', 'task-submitter'],
    description: 'The outcome of one task attempt, by the agent that ran it.',
  }),
  workHandoff: coordination({
    messages: [WorkHandoff],
    publishers: ['recovery-coordinator'],
    consumers: ['load-balancer'],
    description:
      "A failed agent's work to re-dispatch: its lost incarnation and in-flight task ids when known.",
  }),
  taskClaims: requestReply({
    messages: [TaskClaimQuery],
    replies: [TaskClaimStatus],
    publishers: ['load-balancer'],
    consumers: ['load-balancer'],
    description:
      'Asked of the load-balancer replica holding the claims of handed-off tasks: which does it still run? No responders: it is gone and the asker takes them over.',
  }),
  breakerTransition: coordination({
    messages: [BreakerTransition],
    publishers: ['load-balancer'],
    consumers: ['load-balancer', 'alert-manager', 'operators'],
    description:
      "A move of one agent's circuit breaker (closed, open, half-open); replicas converge on the highest generation.",
  }),
  resourceRequest: requestReply({
    messages: [ResourceRequest],
    replies: [ResourceGrant],
    publishers: ['agent-sdk'],
    consumers: ['consensus-coordinator'],
    description: 'Request units of a counted resource for a bounded time.',
  }),
  consensusPropose: requestReply({
    messages: [ConsensusProposal],
    replies: [ConsensusDecided],
    publishers: ['agent-sdk'],
    consumers: ['consensus-coordinator'],
    description:
      'Ask the consensus coordinator to decide a value among participants; the reply is the decided value.',
  }),
  consensusDecided: coordination({
    messages: [ConsensusDecided],
    publishers: ['consensus-coordinator'],
    consumers: ['operators'],
    description: 'The value chosen for a consensus instance.',
  }),
  leaderElected: coordination({
    messages: [LeaderElected],
    publishers: ['consensus-coordinator'],
    consumers: ['operators'],
    description: 'A new leader for an election domain, with its fencing token.',
  }),
  lockAcquire: requestReply({
    messages: [LockAcquire],
    replies: [LockGrant],
    publishers: ['agent-sdk'],
    consumers: ['consensus-coordinator'],
    description: 'Take (or renew) a named lock with a TTL; the grant carries a fencing token.',
  }),
  lockRelease: requestReply({
    messages: [LockRelease],
    replies: [CommandReceipt],
    publishers: ['agent-sdk'],
    consumers: ['consensus-coordinator'],
    description: 'Give a named lock back before its TTL ends.',
  }),
  barrierArrival: requestReply({
    messages: [BarrierArrival],
    replies: [BarrierReleased],
    publishers: ['agent-sdk'],
    consumers: ['consensus-coordinator'],
    description: 'Arrive at a barrier; the reply comes when every expected participant has arrived.',
  }),
  consensusQuery: requestReply({
    messages: [ConsensusQuery],
    replies: [ConsensusDecided],
    publishers: ['agent-sdk', 'operators'],
    consumers: ['consensus-coordinator'],
    description: 'The decision of one consensus instance; RemoteError not-found while undecided.',
  }),
  voteCall: requestReply({
    messages: [VoteCall],
    replies: [VoteOutcome],
    publishers: ['agent-sdk', 'operators'],
    consumers: ['consensus-coordinator'],
    description:
      'Ask agents to accept or reject a proposal with a quorum and a deadline; the outcome is decided once (Paxos) and returned to every caller.',
  }),
  electionLeadersQuery: requestReply({
    messages: [ElectionLeadersQuery],
    replies: [ElectionLeaders],
    publishers: ['operators'],
    consumers: ['consensus-coordinator'],
    description: 'Who leads each election domain now, with fencing tokens; stale leases are left out.',
  }),
  agentTasks: requestReply({
    messages: [TaskDispatch],
    replies: [CommandReceipt],
    publishers: ['load-balancer'],
    consumers: ['agent-sdk'],
    description: "One agent's task inbox: the receipt says whether the agent accepted the task.",
  }),
  agentControl: requestReply({
    messages: [AgentControlCommand],
    replies: [CommandReceipt],
    publishers: ['operators'],
    consumers: ['agent-sdk'],
    description: "One agent's control inbox: drain, resume or stop the agent in-process.",
  }),
  agentConsensus: requestReply({
    messages: [ConsensusPrepare, ConsensusAccept],
    replies: [ConsensusPromise, ConsensusAccepted],
    publishers: ['consensus-coordinator'],
    consumers: ['agent-sdk'],
    description:
      "One agent's acceptor inbox for Paxos: prepare is answered by a promise, accept by accepted.",
  }),
  agentVote: requestReply({
    messages: [VoteQuestion],
    replies: [VoteBallot],
    publishers: ['consensus-coordinator'],
    consumers: ['agent-sdk'],
    description: "One agent's vote inbox: the ballot says whether it accepts the proposal.",
  }),
  hostControl: requestReply({
    messages: [RecoveryCommand],
    replies: [CommandReceipt],
    publishers: ['recovery-coordinator'],
    consumers: ['host-supervisor'],
    description:
      "One host's control inbox: restart, replace, drain or stop an agent process, fenced by token.",
  }),
  alerts: {
    transport: 'jetstream',
    stream: 'ALERTS',
    messages: [AlertNotification],
    publishers: ['alert-manager'],
    consumers: ['operators'],
    description: 'Alert history: each alert when it fires and when it resolves.',
  },
  alertListQuery: requestReply({
    messages: [AlertListQuery],
    replies: [AlertList],
    publishers: ['operators'],
    consumers: ['alert-manager'],
    description: 'The alerts matching a filter, with whether each is silenced or inhibited and by what.',
  }),
  silenceListQuery: requestReply({
    messages: [SilenceListQuery],
    replies: [SilenceList],
    publishers: ['operators'],
    consumers: ['alert-manager'],
    description: 'Every silence (expired ones on request).',
  }),
  silenceCreate: requestReply({
    messages: [SilenceCreate],
    replies: [SilenceView],
    publishers: ['operators'],
    consumers: ['alert-manager'],
    description: 'Create (or replace by id) a silence: matchers, start, end, creator, comment.',
  }),
  silenceExpire: requestReply({
    messages: [SilenceExpire],
    replies: [SilenceView],
    publishers: ['operators'],
    consumers: ['alert-manager'],
    description: 'End a silence now; RemoteError not-found when unknown.',
  }),
  incidentAcknowledge: requestReply({
    messages: [IncidentAcknowledge],
    replies: [IncidentReply],
    publishers: ['operators'],
    consumers: ['alert-manager'],
    description:
      'Acknowledge an incident: its escalation stops until the acknowledgement times out (then it re-triggers).',
  }),
  alertReceiver: {
    transport: 'jetstream',
    stream: 'ALERTS',
    messages: [AlertGroupNotice],
    publishers: ['alert-manager'],
    consumers: ['operators'],
    description:
      'A NATS receiver of the alert manager: one notice per notification of an alert group, with the sender fencing token.',
  },
  dlq: {
    transport: 'jetstream',
    stream: 'DLQ',
    messages: [DeadLetter],
    publishers: ['every-service', 'agent-sdk'],
    consumers: ['operators'],
    description:
      'Messages a service could not decode, validate or handle, with the original bytes and the errors.',
  },
};

function entryOf(key: SubjectKey): SubjectEntry {
  const template = SubjectTemplates[key];
  const codecs: Record<string, { meaning: string; values?: readonly string[] }> = template.codecs;
  const facts = FACTS[key];
  return {
    key,
    pattern: template.pattern,
    wildcard: template.wildcard,
    tokens: template.tokenNames.map((name) => ({
      name,
      meaning: codecs[name].meaning,
      values: codecs[name].values,
    })),
    ...facts,
    replies: facts.replies ?? [],
  };
}

/** The single source for subjects: docs, stream subjects and permissions are derived from it. */
export const SubjectCatalogue: readonly SubjectEntry[] = (Object.keys(SubjectTemplates) as SubjectKey[]).map(
  entryOf,
);
