import { join } from 'node:path';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { launchService, type ServiceProcess } from '@warden/testing';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import { driveThroughput } from './drive-throughput';
import { HeartbeatStream } from './heartbeat-stream';
import { ReceiveCounter } from './receive-counter';

const COLLECTOR_ENTRY = join(__dirname, '..', '..', '..', 'apps', 'health-collector', 'dist', 'main.js');
/** The raw baseline listens on its own subject space, so the collector never sees the baseline's traffic. */
const RAW_PREFIX = 'bench.raw.';
/** Metrics are polled this often; a repetition's end is known to within one period. */
const POLL_MS = 25;
/** In flight at most; at 100k/s one poll period is 2,500 beats, so the window never throttles the collector. */
const INGEST_WINDOW = 20_000;

/** Heartbeats the collector accepted as news, summed from its Prometheus counter. */
function acceptedHeartbeats(metricsText: string): number {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith('warden_heartbeats_total{')) continue;
    if (!/outcome="(new|next|restart)"/.test(line)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

function residentBytes(metricsText: string): number {
  const line = metricsText
    .split('\n')
    .find((candidate) => candidate.startsWith('warden_process_resident_memory_bytes'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

/**
 * One health collector (the built service, its own process) ingesting a fleet's heartbeats, against a
 * raw nats.js subscriber receiving the same bytes. One publisher and one heartbeat stream feed both sides.
 */
export class CollectorIngestPipeline {
  private readonly rawReceived = new ReceiveCounter();
  private readonly collectorReceived = new ReceiveCounter();
  private rawSubscription?: Subscription;
  private polling?: Promise<void>;
  private closed = false;
  private lastPollError?: Error;
  private lastAccepted = 0;
  private startRssBytes = Number.NaN;

  private constructor(
    private readonly publisher: NatsConnection,
    private readonly subscriber: NatsConnection,
    private readonly collector: ServiceProcess,
    private readonly stream: HeartbeatStream,
  ) {}

  static async open(url: string, agents: number): Promise<CollectorIngestPipeline> {
    const collector = await launchService({
      entry: COLLECTOR_ENTRY,
      name: 'bench-health-collector',
      env: { NATS_URL: url, SERVICE_INSTANCE_ID: 'bench-collector', LOG_LEVEL: 'warn' },
    });
    const publisher = await connect({ servers: url, name: 'bench-heartbeat-publisher' });
    const subscriber = await connect({ servers: url, name: 'bench-raw-heartbeat-subscriber' });
    const pipeline = new CollectorIngestPipeline(
      publisher,
      subscriber,
      collector,
      new HeartbeatStream(agents),
    );
    pipeline.rawSubscription = subscriber.subscribe(`${RAW_PREFIX}>`, {
      callback: () => pipeline.rawReceived.record(),
    });
    await subscriber.flush();
    const metrics = await pipeline.metricsText();
    pipeline.lastAccepted = acceptedHeartbeats(metrics);
    pipeline.startRssBytes = residentBytes(metrics);
    pipeline.polling = pipeline.pollLoop();
    return pipeline;
  }

  rawTrial(label: string, profile: BenchProfile): Trial<ThroughputRepetition> {
    return this.trial(label, profile, this.rawReceived, RAW_PREFIX);
  }

  collectorTrial(label: string, profile: BenchProfile): Trial<ThroughputRepetition> {
    return this.trial(label, profile, this.collectorReceived, '');
  }

  /** The collector's resident memory before any heartbeat and now, for the RSS-per-10,000-agents figure. */
  async residentMemory(): Promise<{ beforeBytes: number; afterBytes: number; agents: number }> {
    return {
      beforeBytes: this.startRssBytes,
      afterBytes: residentBytes(await this.metricsText()),
      agents: this.stream.agentCount,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.polling;
    this.rawSubscription?.unsubscribe();
    await this.publisher.drain();
    await this.subscriber.drain();
    await this.collector.stop();
  }

  private trial(
    label: string,
    profile: BenchProfile,
    received: ReceiveCounter,
    prefix: string,
  ): Trial<ThroughputRepetition> {
    return {
      label,
      measure: () => {
        // Built before the clock starts, so the publisher's JSON work is not what limits either side.
        const beats = Array.from({ length: profile.coreMessages }, () => this.stream.nextBeat());
        return driveThroughput({
          messages: beats.length,
          timeBudgetMs: profile.repetitionBudgetMs,
          window: INGEST_WINDOW,
          send: (index) => {
            const beat = beats[index];
            this.publisher.publish(prefix + beat.subject, beat.data, { headers: beat.headers });
          },
          received,
          stallTimeoutMs: 15_000,
        });
      },
    };
  }

  /**
   * One poll at a time (an overlapping pair would count the same delta twice). A failed poll is kept
   * for the diagnosis of a stalled repetition; the next one catches up.
   */
  private async pollLoop(): Promise<void> {
    while (!this.closed) {
      try {
        const accepted = acceptedHeartbeats(await this.metricsText());
        const added = accepted - this.lastAccepted;
        this.lastAccepted = Math.max(this.lastAccepted, accepted);
        for (let i = 0; i < added; i++) this.collectorReceived.record();
      } catch (error) {
        this.lastPollError = error as Error;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** What to say when the collector's count stalls: its last poll failure and its warnings. */
  diagnosis(): string {
    const warnings = this.collector
      .output()
      .split('\n')
      .filter((line) => /"level":"(warn|error)"/.test(line))
      .slice(-3)
      .map((line) => line.slice(0, 300));
    return [`last metrics poll error: ${this.lastPollError?.message ?? 'none'}`, ...warnings].join('\n');
  }

  private async metricsText(): Promise<string> {
    const response = await fetch(`${this.collector.baseUrl}/metrics`);
    return response.text();
  }
}
