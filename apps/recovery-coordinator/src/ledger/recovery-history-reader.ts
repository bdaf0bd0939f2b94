import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import {
  RecoveryDecision,
  RecoveryHistory,
  Streams,
  SubjectFilters,
  maxBytesOf,
  type RecoveryHistoryQuery,
} from '@warden/contracts';
import { MessageCodec, RequestRejectedError } from '@warden/messaging';

export const DEFAULT_HISTORY_LIMIT = 50;
export const DEFAULT_HISTORY_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** Room left in a reply for its envelope. */
const REPLY_HEADROOM_BYTES = 4 * 1024;

/**
 * Answers a history query from the ledger itself (the SUPERVISION stream), so every replica answers
 * alike and the answer survives coordinator restarts: an ordered consumer over the agent's or the
 * group's ledger subjects within the lookback, the newest `limit` entries, oldest first, trimmed to fit
 * the reply.
 */
export class RecoveryHistoryReader {
  private readonly codec = new MessageCodec();

  constructor(private readonly js: JetStreamClient) {}

  async history(query: RecoveryHistoryQuery): Promise<RecoveryHistory> {
    if ((query.agentId === undefined) === (query.group === undefined))
      throw new RequestRejectedError('rejected', 'name exactly one of agentId and group');
    const filter =
      query.agentId !== undefined
        ? SubjectFilters.ledgerOfAgent(query.agentId)
        : SubjectFilters.ledgerOfGroup(query.group as string);
    const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
    const entries = await this.read(filter, Date.now() - (query.lookbackMs ?? DEFAULT_HISTORY_LOOKBACK_MS));
    let kept = entries.slice(-limit);
    let truncated = kept.length < entries.length;
    const budget = maxBytesOf(RecoveryHistory) - REPLY_HEADROOM_BYTES;
    let bytes = kept.reduce((sum, entry) => sum + Buffer.byteLength(JSON.stringify(entry)) + 1, 0);
    while (bytes > budget && kept.length) {
      bytes -= Buffer.byteLength(JSON.stringify(kept[0])) + 1;
      kept = kept.slice(1);
      truncated = true;
    }
    return Object.assign(new RecoveryHistory(), { entries: kept, truncated });
  }

  private async read(filter: string, since: number): Promise<RecoveryDecision[]> {
    const consumer = await this.js.consumers.get(Streams.SUPERVISION.name, {
      filter_subjects: filter,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(since).toISOString(),
    });
    if ((await consumer.info()).num_pending === 0) return [];
    const entries: RecoveryDecision[] = [];
    const messages = await consumer.consume();
    for await (const message of messages) {
      entries.push(this.codec.decode(message, RecoveryDecision).payload);
      if (message.info.pending === 0) break;
    }
    await messages.close();
    return entries;
  }
}
