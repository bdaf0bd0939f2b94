import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import { Streams, Subjects, TaskAssigned, TaskResult, messageTypeOf } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';

/** Assignments and results read per lookup at most: a lookup must stay cheap next to the recovery it serves. */
const MAX_MESSAGES = 5_000;
/** How far back a lookup reads when the incarnation does not say when the agent started. */
const LOOKBACK_MS = 60 * 60 * 1000;
const LOOKUP_TIMEOUT_MS = 2_000;

/**
 * The tasks a failed incarnation was given and never finished, read back from the COORDINATION
 * stream: assignments to the agent (`coordination.tasks.assigned.<agentId>`) since the incarnation
 * started whose latest attempt has no result from it (`coordination.tasks.result.<agentId>`). Undefined when it cannot tell (no stream, too much to
 * read, too slow): the hand-off then says only the count the last heartbeat reported.
 */
export class InFlightTaskLookup {
  private readonly codec = new MessageCodec();
  private readonly accepted = {
    [messageTypeOf(TaskAssigned)]: TaskAssigned,
    [messageTypeOf(TaskResult)]: TaskResult,
  };

  constructor(
    private readonly js: JetStreamClient,
    private readonly logger: Logger,
  ) {}

  async lookup(agentId: string, incarnation: number): Promise<string[] | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), LOOKUP_TIMEOUT_MS)),
    );
    try {
      return await Promise.race([this.read(agentId, incarnation), timeout]);
    } catch (error) {
      this.logger.debug({ err: error, agentId }, 'in-flight tasks not readable');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private async read(agentId: string, incarnation: number): Promise<string[] | undefined> {
    const now = Date.now();
    // The SDK's incarnation is its start time; anything else (another SDK, a skewed clock) reads the lookback.
    const startedAt =
      incarnation <= now && incarnation > now - 24 * LOOKBACK_MS ? incarnation : now - LOOKBACK_MS;
    // Two reads, not one wildcard: nats-server 2.9 takes a filter only within one stream subject.
    const [assignments, results] = await Promise.all([
      this.readSubject(Subjects.taskAssigned(agentId), startedAt),
      this.readSubject(Subjects.taskResult(agentId), startedAt),
    ]);
    if (!assignments || !results) return undefined;
    const latestAttempt = new Map<string, number>();
    for (const assignment of assignments)
      if (assignment instanceof TaskAssigned && assignment.agentId === agentId)
        latestAttempt.set(
          assignment.taskId,
          Math.max(assignment.attempt, latestAttempt.get(assignment.taskId) ?? 0),
        );
    const finished = new Set(
      results
        .filter((result) => result instanceof TaskResult)
        .map((result) => `${result.taskId}#${result.attempt}`),
    );
    return [...latestAttempt]
      .filter(([taskId, attempt]) => !finished.has(`${taskId}#${attempt}`))
      .map(([taskId]) => taskId);
  }

  private async readSubject(
    subject: string,
    since: number,
  ): Promise<(TaskAssigned | TaskResult)[] | undefined> {
    const consumer = await this.js.consumers.get(Streams.COORDINATION.name, {
      filter_subjects: subject,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(since).toISOString(),
    });
    const pending = (await consumer.info()).num_pending;
    if (pending === 0) return [];
    if (pending > MAX_MESSAGES) return undefined;
    const payloads: (TaskAssigned | TaskResult)[] = [];
    const messages = await consumer.consume();
    for await (const message of messages) {
      payloads.push(this.codec.decode<TaskAssigned | TaskResult>(message, this.accepted).payload);
      if (message.info.pending === 0) break;
    }
    await messages.close();
    return payloads;
  }
}
