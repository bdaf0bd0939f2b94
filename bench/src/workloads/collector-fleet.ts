import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { HEARTBEAT_PARTITIONS } from '@warden/contracts';
import { eventually, launchService, type ServiceProcess } from '@warden/testing';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import { driveThroughput } from './drive-throughput';
import { HeartbeatStream } from './heartbeat-stream';
import { ReceiveCounter } from './receive-counter';

const COLLECTOR_ENTRY = join(__dirname, '..', '..', '..', 'apps', 'health-collector', 'dist', 'main.js');
/** Metrics are polled this often; a repetition's end is known to within one period. */
const POLL_MS = 25;
/** In flight at most, as in heartbeat-ingest: enough that the window never throttles the collectors. */
const INGEST_WINDOW = 20_000;
/** Partition ownership moves within about 1⅓ lease TTL after a replica joins; this bounds the wait for balance. */
const BALANCE_TIMEOUT_MS = 60_000;

/** One collector's counters: every heartbeat it handled by outcome, those accepted as news, its partitions. */
interface CollectorCounts {
  handled: number;
  accepted: number;
  partitions: number;
  /** The process's user + system CPU seconds since it started. */
  cpuSeconds: number;
}

function countsOf(metricsText: string): CollectorCounts {
  const counts: CollectorCounts = { handled: 0, accepted: 0, partitions: 0, cpuSeconds: 0 };
  for (const line of metricsText.split('\n')) {
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('warden_heartbeats_total{')) {
      counts.handled += value;
      if (/outcome="(new|next|restart)"/.test(line)) counts.accepted += value;
    } else if (line.startsWith('warden_partitions_owned{')) {
      counts.partitions = value;
    } else if (line.startsWith('warden_process_cpu_seconds_total{')) {
      counts.cpuSeconds = value;
    }
  }
  return counts;
}

/** What shows that every heartbeat was handled by exactly one replica. */
export interface OnceEvidence {
  replicas: number;
  sent: number;
  /** Heartbeats handled, any outcome, summed over the replicas: equal to `sent` when none was handled twice. */
  handled: number;
  /** Of those, accepted as news; the rest were duplicates or stale. */
  accepted: number;
  /** Partitions owned per replica; they sum to HEARTBEAT_PARTITIONS when no partition is owned twice. */
  partitionsOwned: number[];
  /** CPU seconds the replicas spent, summed, during the repetitions (warm-up included), and the beats sent in them. */
  cpuSeconds: number;
  measuredBeats: number;
  /** Lease rounds the replicas reported as failed (a KV round trip that did not come back in time). */
  ownershipRoundFailures: number;
  /** Partitions a replica found it no longer held (a refresh too late on a starved machine); their beats meanwhile go unheard. */
  partitionsLost: number;
}

/**
 * N health-collector processes (the built service) sharing one nats-server and the heartbeat partitions,
 * fed by one publisher; throughput is counted from the sum of their `warden_heartbeats_total`.
 */
export class CollectorFleet {
  private readonly received = new ReceiveCounter();
  private readonly stream: HeartbeatStream;
  private polling?: Promise<void>;
  private closed = false;
  private lastAccepted = 0;
  private sent = 0;
  private lastPollError?: Error;
  private cpuSeconds = 0;
  private measuredBeats = 0;

  private constructor(
    private readonly publisher: NatsConnection,
    private readonly collectors: ServiceProcess[],
    agents: number,
  ) {
    this.stream = new HeartbeatStream(agents);
  }

  /** Starts `replicas` collectors and waits until their partitions are spread over all of them. */
  static async open(url: string, replicas: number, agents: number, label: string): Promise<CollectorFleet> {
    const collectors: ServiceProcess[] = [];
    const launch = (index: number) =>
      launchService({
        entry: COLLECTOR_ENTRY,
        name: `bench-${label}-collector-${index + 1}`,
        // Info, for the partition hand-overs it logs (never a line per heartbeat).
        env: { NATS_URL: url, SERVICE_INSTANCE_ID: `${label}-c${index + 1}`, LOG_LEVEL: 'info' },
      }).then((collector) => collectors.push(collector));
    try {
      // The first one provisions streams and buckets alone; the others then start side by side.
      await launch(0);
      await Promise.all(Array.from({ length: replicas - 1 }, (_, index) => launch(index + 1)));
      const publisher = await connect({ servers: url, name: `bench-${label}-publisher` });
      const fleet = new CollectorFleet(publisher, collectors, agents);
      await fleet.waitBalanced();
      fleet.lastAccepted = (await fleet.counts()).reduce((sum, counts) => sum + counts.accepted, 0);
      fleet.polling = fleet.pollLoop();
      return fleet;
    } catch (error) {
      await Promise.all(collectors.map((collector) => collector.stop()));
      throw error;
    }
  }

  get replicas(): number {
    return this.collectors.length;
  }

  trial(label: string, profile: BenchProfile): Trial<ThroughputRepetition> {
    return {
      label,
      measure: async () => {
        // Built before the clock starts, so the publisher's JSON work is not what limits either side.
        const beats = Array.from({ length: profile.coreMessages }, () => this.stream.nextBeat());
        const cpuBefore = await this.totalCpuSeconds();
        const repetition = await driveThroughput({
          messages: beats.length,
          timeBudgetMs: profile.repetitionBudgetMs,
          window: INGEST_WINDOW,
          send: (index) => {
            const beat = beats[index];
            this.sent++;
            this.publisher.publish(beat.subject, beat.data, { headers: beat.headers });
          },
          received: this.received,
          stallTimeoutMs: 15_000,
        });
        // Read once the last beat was counted, so the delta is the CPU those beats cost (plus the timers meanwhile).
        this.cpuSeconds += (await this.totalCpuSeconds()) - cpuBefore;
        this.measuredBeats += repetition.messages;
        return repetition;
      },
    };
  }

  /** Lines of the replicas' recent output (the last 400 each) that match. */
  private linesMatching(pattern: RegExp): number {
    return this.collectors.reduce(
      (total, collector) =>
        total +
        collector
          .output()
          .split('\n')
          .filter((line) => pattern.test(line)).length,
      0,
    );
  }

  /** NaN when a replica's metrics cannot be read: the CPU figure is then unknown, which is no reason to fail the run. */
  private async totalCpuSeconds(): Promise<number> {
    try {
      return (await this.counts()).reduce((sum, counts) => sum + counts.cpuSeconds, 0);
    } catch (error) {
      this.lastPollError = error as Error;
      return Number.NaN;
    }
  }

  /**
   * Sums the replicas' counters once every heartbeat sent has been counted and every partition is owned
   * again. A heartbeat handled by two replicas would make `handled` exceed `sent`; one handled by none
   * would keep it short. On a starved machine a replica can miss a lease refresh and lose a partition
   * for a round (it claims it back); the wait covers that, and `partitionsLost` says it happened.
   */
  async evidence(): Promise<OnceEvidence> {
    let counts: CollectorCounts[] = [];
    const sum = (pick: (each: CollectorCounts) => number) =>
      counts.reduce((total, each) => total + pick(each), 0);
    try {
      await eventually(
        async () => {
          counts = await this.counts();
          return (
            sum((each) => each.handled) >= this.sent &&
            sum((each) => each.partitions) === HEARTBEAT_PARTITIONS
          );
        },
        { timeoutMs: BALANCE_TIMEOUT_MS, intervalMs: 200 },
      );
    } catch {
      // Short of `sent` or of the partitions: reported as counts that do not match.
    }
    return {
      replicas: this.replicas,
      sent: this.sent,
      handled: sum((each) => each.handled),
      accepted: sum((each) => each.accepted),
      partitionsOwned: counts.map((each) => each.partitions),
      cpuSeconds: this.cpuSeconds,
      measuredBeats: this.measuredBeats,
      partitionsLost: this.linesMatching(/"reason":"lost"/),
      ownershipRoundFailures: this.linesMatching(/partition ownership round failed/),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.polling;
    await this.publisher.drain();
    await Promise.all(this.collectors.map((collector) => collector.stop()));
  }

  /** The last poll failure and each collector's latest warnings, for a stalled repetition. */
  diagnosis(): string {
    const warnings = this.collectors.flatMap((collector) =>
      collector
        .output()
        .split('\n')
        .filter((line) => /"level":"(warn|error)"|"reason":"lost"/.test(line))
        .slice(-3)
        .map((line) => `${collector.name}: ${line.slice(0, 300)}`),
    );
    return [`last metrics poll error: ${this.lastPollError?.message ?? 'none'}`, ...warnings].join('\n');
  }

  /** Every partition owned by exactly one replica, and every replica owning some (its readiness says settled too). */
  private async waitBalanced(): Promise<void> {
    await eventually(
      async () => {
        const owned = (await this.counts()).map((counts) => counts.partitions);
        const total = owned.reduce((sum, partitions) => sum + partitions, 0);
        if (total !== HEARTBEAT_PARTITIONS || owned.some((partitions) => partitions === 0)) return false;
        const ready = await Promise.all(
          this.collectors.map(async (collector) => (await fetch(`${collector.baseUrl}/readyz`)).ok),
        );
        return ready.every(Boolean);
      },
      {
        timeoutMs: BALANCE_TIMEOUT_MS,
        intervalMs: 200,
        message: `${this.replicas} collectors did not settle on ${HEARTBEAT_PARTITIONS} partitions`,
      },
    );
  }

  private counts(): Promise<CollectorCounts[]> {
    return Promise.all(
      this.collectors.map(async (collector) =>
        countsOf(await (await fetch(`${collector.baseUrl}/metrics`)).text()),
      ),
    );
  }

  /** One poll at a time, as in the single-collector pipeline: an overlapping pair would count one delta twice. */
  private async pollLoop(): Promise<void> {
    while (!this.closed) {
      try {
        const accepted = (await this.counts()).reduce((sum, counts) => sum + counts.accepted, 0);
        const added = accepted - this.lastAccepted;
        this.lastAccepted = Math.max(this.lastAccepted, accepted);
        for (let i = 0; i < added; i++) this.received.record();
      } catch (error) {
        this.lastPollError = error as Error;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
