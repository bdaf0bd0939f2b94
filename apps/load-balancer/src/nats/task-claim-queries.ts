import { Subjects, TaskClaimQuery, TaskClaimStatus } from '@warden/contracts';
import { NoRespondersError, type Messaging } from '@warden/messaging';
import type { TaskDispatcher } from '../dispatch/task-dispatcher';

const QUERY_TIMEOUT_MS = 2_000;

/** What a claim query found out about a replica. */
export type ClaimHolderAnswer =
  /** Alive: the queried tasks it runs (it re-dispatches them itself). */
  | { kind: 'alive'; running: ReadonlySet<string> }
  /** No responders on its subject: its connection, so the process, is gone. */
  | { kind: 'gone' }
  /** No answer in time: alive or not, nobody can tell; leave its tasks to their durable redelivery. */
  | { kind: 'unknown' };

/**
 * Each replica answers on `coordination.tasks.claims.<its instance id>` which of the queried task
 * ids it runs, and asks the same of another replica. NATS answers "no responders" at once for a
 * subject nobody subscribes to, which tells a dead replica without waiting for any lease to expire.
 */
export class TaskClaimQueries {
  constructor(
    private readonly messaging: Messaging,
    private readonly instanceId: string,
    private readonly dispatcher: TaskDispatcher,
  ) {}

  async serve(): Promise<void> {
    await this.messaging.serveRequests(
      Subjects.taskClaims(this.instanceId),
      TaskClaimQuery,
      (query) =>
        Object.assign(new TaskClaimStatus(), {
          instanceId: this.instanceId,
          running: query.taskIds.filter((taskId) => this.dispatcher.isRunning(taskId)),
        }),
      // Its own queue: the subject is this replica's alone.
      { queue: this.instanceId },
    );
  }

  async ask(holder: string, taskIds: string[]): Promise<ClaimHolderAnswer> {
    try {
      const status = await this.messaging.publisher.request(
        Subjects.taskClaims(holder),
        TaskClaimQuery,
        { taskIds, askedBy: this.instanceId },
        TaskClaimStatus,
        { timeoutMs: QUERY_TIMEOUT_MS },
      );
      return { kind: 'alive', running: new Set(status.running) };
    } catch (error) {
      return error instanceof NoRespondersError ? { kind: 'gone' } : { kind: 'unknown' };
    }
  }
}
