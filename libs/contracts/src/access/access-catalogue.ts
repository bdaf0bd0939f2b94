import type { BucketUse, IdentityAccess } from './identity-access';
import type { IdentityKind } from './identity-kinds';

/**
 * Partition ownership (messaging's PartitionOwnership) of one group in the `leases` bucket: each member
 * writes its membership and the partitions it owns, and watches the group's members.
 */
function leaseGroups(...groups: string[]): BucketUse {
  return {
    bucket: 'leases',
    reads: true,
    watches: groups.map((group) => `members.${group}.>`),
    writes: groups.flatMap((group) => [`partitions.${group}.>`, `members.${group}.>`]),
  };
}

const whole = (bucket: BucketUse['bucket']): BucketUse => ({
  bucket,
  reads: true,
  watches: ['>'],
  writes: ['>'],
});

/**
 * The agent's buckets: elections of agent-sdk's elect() in `coordination` (election keys only, not the
 * coordinator's locks), its Paxos acceptor records in `consensus` (not the coordinator's decisions) and
 * the fenced resources of openFencedResources in `fences`.
 */
const AGENT_BUCKETS: readonly BucketUse[] = [
  { bucket: 'coordination', reads: true, watches: ['election.>'], writes: ['election.>'] },
  { bucket: 'consensus', reads: true, writes: ['acceptor.>'] },
  { bucket: 'fences', reads: true, writes: ['>'] },
];

/**
 * What each identity does on NATS beyond the subject catalogue's rows, found in the code (service
 * modules, controllers, engines) and checked by running every e2e suite on a server with the generated
 * permissions. The catalogue stays the source for who publishes and consumes each subject.
 */
export const AccessCatalogue: Readonly<Record<IdentityKind, IdentityAccess>> = {
  'health-collector': {
    kind: 'health-collector',
    description: 'Ingests heartbeats, owns the agent registry and publishes health state changes.',
    provisions: { streams: ['SUPERVISION', 'DLQ'], buckets: ['agents', 'leases'] },
    buckets: [whole('agents'), leaseGroups('health-collector')],
    advisories: true,
  },
  'failure-detector': {
    kind: 'failure-detector',
    description: 'Judges heartbeats (φ accrual), convicts failures and detects patterns across them.',
    liveSubscriptions: ['healthState', 'failures', 'patterns'],
    historyReads: ['healthState', 'failures'],
    provisions: { streams: ['SUPERVISION', 'DLQ'], buckets: ['agents', 'leases'] },
    buckets: [
      { bucket: 'agents', reads: true, watches: ['>'] },
      leaseGroups('failure-detector', 'failure-detector-patterns'),
    ],
  },
  'recovery-coordinator': {
    kind: 'recovery-coordinator',
    description: 'Decides and commands recoveries, keeps the ledger, hands failed agents’ work off.',
    liveSubscriptions: ['healthState'],
    durableConsumers: [{ subject: 'failures' }, { subject: 'patterns' }],
    historyReads: ['patterns', 'recoveryLedger', 'taskAssigned', 'taskResult'],
    provisions: { streams: ['SUPERVISION', 'COORDINATION', 'DLQ'], buckets: ['agents', 'recovery'] },
    buckets: [{ bucket: 'agents', reads: true, watches: ['>'] }, whole('recovery')],
  },
  'load-balancer': {
    kind: 'load-balancer',
    description: 'Routes tasks to agents, runs their circuit breakers and re-dispatches handed-off work.',
    liveSubscriptions: [
      'healthState',
      'failures',
      'quarantine',
      'breakerTransition',
      'taskResult',
      'workHandoff',
    ],
    durableConsumers: [{ subject: 'taskSubmit', name: 'load-balancer-submissions' }],
    messageGets: ['COORDINATION'],
    provisions: { streams: ['COORDINATION', 'SUPERVISION', 'DLQ'], buckets: ['task-runs'] },
    // Watches a task's key while another replica holds its claim (KvTaskClaims.finished), for its result.
    buckets: [{ bucket: 'task-runs', reads: true, watches: ['>'], writes: ['>'] }],
  },
  'consensus-coordinator': {
    kind: 'consensus-coordinator',
    description: 'Elections, locks, barriers, resources, Paxos consensus and votes.',
    liveSubscriptions: ['failures', 'healthState'],
    provisions: { streams: ['COORDINATION', 'DLQ'], buckets: ['coordination', 'consensus', 'fences'] },
    buckets: [
      { bucket: 'coordination', reads: true, watches: ['election.>', 'lock.>'], writes: ['>'] },
      { bucket: 'consensus', reads: true, writes: ['>'] },
    ],
  },
  'alert-manager': {
    kind: 'alert-manager',
    description: 'Turns supervision events into alerts, incidents and notifications.',
    durableConsumers: [
      { subject: 'failures' },
      { subject: 'patterns' },
      { subject: 'recovery' },
      { subject: 'escalation' },
      { subject: 'breakerTransition' },
    ],
    provisions: {
      streams: ['SUPERVISION', 'COORDINATION', 'ALERTS', 'DLQ'],
      buckets: ['leases', 'alerts', 'silences', 'incidents', 'notifications'],
    },
    buckets: [
      whole('alerts'),
      whole('silences'),
      whole('incidents'),
      whole('notifications'),
      leaseGroups('alert-manager-sender'),
    ],
  },
  agent: {
    kind: 'agent',
    description:
      'One agent-sdk agent: heartbeats, task results, its inboxes and the coordination requests. Shared by all agents until per-agent users (issue 15).',
    buckets: AGENT_BUCKETS,
  },
  host: {
    kind: 'host',
    description:
      'A host supervisor (AgentHost, fleet-sim host): its control inbox, plus the agent permissions of the agents it runs over its connection.',
    buckets: AGENT_BUCKETS,
  },
  'task-submitter': {
    kind: 'task-submitter',
    description: 'An application submitting tasks, durably or by request, and following their results.',
    liveSubscriptions: ['taskResult'],
  },
  operator: {
    kind: 'operator',
    description:
      'A person or tool (nats CLI, dashboards, tests): sees every subject, reads every stream and bucket; publishes only requests (agent control commands, vote calls, the query and alert APIs), never a stream subject or bucket key.',
    observesEverything: true,
    advisories: true,
  },
};
