import { AgentHealthRecord } from '../messages/health.messages';
import { LeaseRecord } from '../messages/lease.messages';
import { TaskRunRecord } from '../messages/task-run.messages';
import { maxBytesOf } from '../registry/message-type.registry';
import { BucketName, BucketSpec } from './bucket-spec';

/**
 * How long a lease lives without renewal. 15 s (Kubernetes' leader-election default): short enough that a
 * dead holder's elections, locks and partitions move on quickly, long enough that a GC pause or a NATS
 * reconnect does not depose a live holder. Holders renew every LEASE_RENEW_INTERVAL_MS.
 */
export const LEASE_TTL_MS = 15_000;
export const LEASE_RENEW_INTERVAL_MS = LEASE_TTL_MS / 3;

/**
 * How long the recovery coordinator's state of an agent or group outlives its last change. Restart
 * intensity periods and backoff reset periods must fit inside it (the coordinator's policy loader checks),
 * so a counter never disappears while it still matters.
 */
export const RECOVERY_STATE_TTL_MS = 24 * 60 * 60 * 1000;

/** One recovery state record: restart history, backoff and the run under way for an agent or a group. */
export const RECOVERY_STATE_MAX_BYTES = 256 * 1024;

/** One alert, silence, incident or notification-log record of the alert manager (JSON, written by it alone). */
export const ALERT_RECORD_MAX_BYTES = 64 * 1024;

/** How long the alert manager keeps a silence, incident or notification-log entry nobody rewrote: its history window. */
export const ALERT_STATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long a Paxos acceptor's promise and accepted value, and a decision, are kept. An instance must be
 * decided well within it: an acceptor that forgot its promise could accept a second value.
 */
export const CONSENSUS_STATE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long the load balancer remembers a task id (its claim and final result): the COORDINATION stream's
 * max age, so a durable submission redelivered or replayed from the stream still finds its claim.
 */
export const TASK_RUN_TTL_MS = 24 * 60 * 60 * 1000;

/** One election or lock record: the holders of a lock (a semaphore may have many) and their tokens. */
export const COORDINATION_RECORD_MAX_BYTES = 256 * 1024;

/** One fenced resource: its token and the state an agent wrote with it (`FencedResources.write`). */
export const FENCE_RECORD_MAX_BYTES = 256 * 1024;

export const Buckets: Readonly<Record<BucketName, BucketSpec>> = {
  agents: {
    name: 'agents',
    description: 'Agent registry: one AgentHealthRecord per agent id, written by the health collector',
    history: 1,
    // The collector removes long-stopped agents itself; a TTL would also drop healthy agents it has not rewritten.
    ttlMs: 0,
    maxValueBytes: maxBytesOf(AgentHealthRecord),
    storage: 'file',
  },
  leases: {
    name: 'leases',
    description:
      'Leases for elections, locks and partition ownership: one LeaseRecord per key, expiring unless renewed',
    history: 1,
    ttlMs: LEASE_TTL_MS,
    maxValueBytes: maxBytesOf(LeaseRecord),
    // File, not memory: fencing tokens are KV revisions, which must keep growing across a server restart.
    storage: 'file',
  },
  recovery: {
    name: 'recovery',
    description:
      'Recovery coordinator state: restart history, backoff and runs per agent and group, the fleet restart budget, handled failures',
    history: 1,
    ttlMs: RECOVERY_STATE_TTL_MS,
    maxValueBytes: RECOVERY_STATE_MAX_BYTES,
    // File: restart-intensity counters survive a server restart, and revisions (fencing tokens) keep growing.
    storage: 'file',
  },
  alerts: {
    name: 'alerts',
    description:
      'Alert manager: every alert by fingerprint (labels, state, evidence, notification history); resolved ones age out',
    history: 1,
    // No TTL: a firing alert must not vanish because its source went quiet; the manager removes resolved ones itself.
    ttlMs: 0,
    maxValueBytes: ALERT_RECORD_MAX_BYTES,
    storage: 'file',
  },
  silences: {
    name: 'silences',
    description:
      'Alert manager silences by id (matchers, start, end, creator, comment); expired ones age out',
    history: 1,
    ttlMs: ALERT_STATE_TTL_MS,
    maxValueBytes: ALERT_RECORD_MAX_BYTES,
    storage: 'file',
  },
  incidents: {
    name: 'incidents',
    description:
      'Alert manager incidents by id: lifecycle (triggered, acknowledged, resolved), escalation step, who acknowledged',
    history: 1,
    ttlMs: ALERT_STATE_TTL_MS,
    maxValueBytes: ALERT_RECORD_MAX_BYTES,
    storage: 'file',
  },
  notifications: {
    name: 'notifications',
    description:
      'Alert manager notification log: what each receiver was last sent for a group, with the fencing token of the sender',
    history: 1,
    ttlMs: ALERT_STATE_TTL_MS,
    maxValueBytes: ALERT_RECORD_MAX_BYTES,
    // File: fencing tokens are lease revisions and the log must survive a server restart.
    storage: 'file',
  },
  coordination: {
    name: 'coordination',
    description:
      "Elections (election.<domain>), locks (lock.<name>, fenced by the leading coordinator's election token) and the lock-token counter (lock-tokens); expiry is judged by the readers",
    history: 1,
    // No bucket TTL: NATS 2.9 has no per-key expiry, and a 2 s election and a 1 h lock cannot share one
    // bucket TTL. A holder stops at its own deadline; a contender takes over a key it has seen unchanged
    // for a whole TTL (docs/decisions.md, "Elections without a bucket TTL").
    ttlMs: 0,
    maxValueBytes: COORDINATION_RECORD_MAX_BYTES,
    // File: fencing tokens are KV revisions, which must keep growing across a server restart.
    storage: 'file',
  },
  consensus: {
    name: 'consensus',
    description:
      "Paxos: each acceptor's promise and accepted value per instance (acceptor.<agentId>.<instanceId>) and each decision (decision.<instanceId>)",
    history: 1,
    ttlMs: CONSENSUS_STATE_TTL_MS,
    maxValueBytes: 48 * 1024,
    // File: an acceptor that forgets a promise after a server restart could break agreement.
    storage: 'file',
  },
  fences: {
    name: 'fences',
    description:
      "Agents' fenced resources (fence.<resource>): the highest fencing token admitted for each resource and the state written with it (agent-sdk openFencedResources)",
    // Apart from `coordination` so NATS permissions can give agents these keys without lock or election records.
    history: 1,
    // No TTL: a fence that expired would forget the highest token and admit a stale holder again.
    ttlMs: 0,
    maxValueBytes: FENCE_RECORD_MAX_BYTES,
    // File: the highest token must survive a server restart, or a stale holder is admitted after one.
    storage: 'file',
  },
  'task-runs': {
    name: 'task-runs',
    description:
      'Load balancer idempotency: one TaskRunRecord per task id (claiming replica, durable submission sequence, final result), shared by the replicas',
    history: 1,
    // Bounded by age, not count: a task id is remembered for as long as its submission may come back.
    ttlMs: TASK_RUN_TTL_MS,
    maxValueBytes: maxBytesOf(TaskRunRecord),
    // File: "run once" must hold across a server restart as well as a replica's.
    storage: 'file',
  },
};
