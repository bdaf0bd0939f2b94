import type { TaskAssigned, TaskDispatch } from '@warden/contracts';

/** What the agent answered to a dispatch. */
export type DispatchReceipt = { accepted: true } | { accepted: false; reason: string };

/**
 * How the dispatcher reaches agents, so the dispatch logic is plain and the NATS details live in one
 * adapter. `dispatch` rejects with AttemptFailedError('unreachable') when nobody answers in time.
 */
export interface AgentTransport {
  dispatch(agentId: string, task: TaskDispatch, timeoutMs: number): Promise<DispatchReceipt>;
  /** The routing decision, stored for operators and the recovery coordinator's hand-off lookup. */
  recordAssignment(assignment: TaskAssigned): void;
}
