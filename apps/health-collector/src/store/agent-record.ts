import { MessageLimits, type AgentHealthRecord } from '@warden/contracts';
import type { AgentEntry } from '../registry/agent-entry';

export function toAgentRecord(entry: AgentEntry): AgentHealthRecord {
  return {
    agentId: entry.agentId,
    hostId: entry.hostId,
    zone: entry.zone,
    capabilities: entry.capabilities,
    incarnation: entry.incarnation,
    lifecycle: entry.lifecycle,
    intervalMs: entry.intervalMs,
    state: entry.state,
    stateSince: new Date(entry.stateSince).toISOString(),
    reasons: entry.reasons
      .slice(0, MessageLimits.reasonItems)
      .map((reason) => reason.slice(0, MessageLimits.summaryLength)),
    score: entry.score,
    load: {
      capacity: entry.load.capacity,
      inFlightTasks: entry.load.inFlightTasks,
      queueDepth: entry.load.queueDepth,
      cpuRatio: entry.load.cpuRatio,
      memoryBytes: entry.load.memoryBytes,
      ...(entry.load.memoryLimitBytes !== undefined ? { memoryLimitBytes: entry.load.memoryLimitBytes } : {}),
      latencyEwmaMs: entry.load.latencyEwmaMs,
      errorRatio: entry.load.errorRatio,
    },
    tasksCompleted: entry.tasksCompleted,
    tasksFailed: entry.tasksFailed,
    lastSequence: entry.lastSequence,
    lastHeartbeatAt: new Date(entry.lastHeartbeatAt).toISOString(),
  };
}
