import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import { Streams, TaskAssigned, TaskResult, messageTypeOf } from '@warden/contracts';
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
 * started (the SDK's incarnation is its start time) without a result from it
 * (`coordination.tasks.result.<agentId>`). Undefined when it cannot tell (no stream, too much to
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
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), LOOKUP_TIMEOUT_MS)));
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
    const startedAt = incarnation <= now && incarnation > now - 24 * LOOKBACK_MS ? incarnation : now - LOOKBACK_MS;
    const consumer = await this.js.consumers.get(Streams.COORDINATION.name, {
      filter_subjects: `coordination.tasks.*.${agentId}`,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(startedAt).toISOString(),
    });
    const pending = (await consumer.info()).num_pending;
    if (pending === 0) return [];
    if (pending > MAX_MESSAGES) return undefined;
    const open = new Map<string, number>();
    const messages = await consumer.consume();
    for await (const message of messages) {
      try {
        const { payload } = this.codec.decode<TaskAssigned | TaskResult>(message, this.accepted);
        if (payload.agentId === agentId) {
          if (payload instanceof TaskAssigned) open.set(payload.taskId, payload.attempt);
          else if (open.get(payload.taskId) === payload.attempt) open.delete(payload.taskId);
        }
      } catch {
        // Other messages on the same subject shape (a hand-off, a submission whose type spells the id).
      }
      if (message.info.pending === 0) break;
    }
    await messages.close();
    return [...open.keys()];
  }
}
