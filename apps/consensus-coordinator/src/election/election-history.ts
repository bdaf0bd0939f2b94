import type { KV, KvWatchEntry } from '@nats-io/kv';
import { LeaderElected, LeaseRecord, Subjects, createMessage, parseMessage } from '@warden/contracts';
import { electionKey, type Publisher } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import { withDecisionSpan } from '../engine/decision-span';

const PREFIX = electionKey('');

/**
 * The auditable log of elections: follows every `election.<domain>` key and publishes LeaderElected on
 * `coordination.election.elected.<domain>` (COORDINATION stream) for each new leader and token. The event
 * id is derived from domain and token, so a replica taking over the log re-publishes nothing twice.
 */
export class ElectionHistory {
  private readonly lastToken = new Map<string, number>();
  private stopped = false;
  private watching?: Promise<void>;
  private iterator?: { stop(): void };

  constructor(
    private readonly kv: KV,
    private readonly publisher: Publisher,
    private readonly logger: Logger,
    private readonly onLeaderChanged: () => void,
  ) {}

  async start(): Promise<void> {
    const watch = await this.kv.watch({ key: `${PREFIX}>` });
    this.iterator = watch;
    this.watching = (async () => {
      for await (const entry of watch) {
        if (this.stopped) break;
        await this.seen(entry).catch((error: Error) =>
          this.logger.warn({ err: error, key: entry.key }, 'could not publish an election change'),
        );
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.iterator?.stop();
    await this.watching;
  }

  private async seen(entry: KvWatchEntry): Promise<void> {
    if (entry.operation !== 'PUT') return;
    const domain = entry.key.slice(PREFIX.length);
    let record: LeaseRecord;
    try {
      record = parseMessage(LeaseRecord, entry.json<unknown>());
    } catch {
      return;
    }
    const token = record.fencingToken ?? entry.revision;
    if (this.lastToken.get(domain) === token) return;
    this.lastToken.set(domain, token);
    const elected = createMessage(LeaderElected, {
      domain,
      leaderId: record.holderId,
      fencingToken: token,
      leaseTtlMs: record.ttlMs ?? 1,
      electedAt: record.acquiredAt,
    });
    await withDecisionSpan(
      'leader elected',
      {
        'warden.election.domain': domain,
        'warden.election.leader': record.holderId,
        'warden.election.token': token,
      },
      () =>
        this.publisher.publishDurable(Subjects.leaderElected(domain), LeaderElected, elected, {
          id: `elected-${domain}-${token}`,
        }),
    );
    this.onLeaderChanged();
  }
}
