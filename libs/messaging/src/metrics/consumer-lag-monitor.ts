import type { ConsumerLagMetrics, ConsumerLagReading } from './consumer-lag-metrics';

/** Prometheus scrapes every 15–30 s and KEDA polls every 30 s by default; one info request per consumer per 5 s is noise. */
export const DEFAULT_CONSUMER_LAG_INTERVAL_MS = 5000;

export type ReadConsumerLag = (stream: string, consumer: string) => Promise<ConsumerLagReading>;

export interface ConsumerLagMonitorOptions {
  read: ReadConsumerLag;
  metrics: ConsumerLagMetrics;
  intervalMs: number;
  /** Told of the first failure after a success (or at start), so an outage logs once per consumer, not per tick. */
  onFailure: (error: unknown, stream: string, consumer: string) => void;
}

interface Tracked {
  stream: string;
  consumer: string;
  /** Durable consumers of this process on the same stream and durable (several handlers may share one). */
  users: number;
  failing: boolean;
}

/**
 * Refreshes the lag gauges of the durable consumers this process consumes, from consumer info, every
 * `intervalMs`. One refresh at a time; a failed read is counted and the gauge keeps its last value —
 * a metrics side-line never throws into the service.
 */
export class ConsumerLagMonitor {
  private readonly tracked = new Map<string, Tracked>();
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;

  constructor(private readonly options: ConsumerLagMonitorOptions) {
    if (!Number.isInteger(options.intervalMs) || options.intervalMs < 1)
      throw new RangeError(
        `consumer lag interval must be a positive integer (ms), got ${options.intervalMs}`,
      );
  }

  track(stream: string, consumer: string): void {
    const key = `${stream}\u0000${consumer}`;
    const existing = this.tracked.get(key);
    if (existing) {
      existing.users++;
      return;
    }
    this.tracked.set(key, { stream, consumer, users: 1, failing: false });
    // Unref'd: the gauges must never keep a stopping process alive.
    this.timer ??= setInterval(() => void this.refresh(), this.options.intervalMs).unref();
    void this.refresh();
  }

  /** Forgets every consumer (the process stopped consuming) and their gauges; the timer stops until the next track. */
  untrackAll(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const { stream, consumer } of this.tracked.values()) this.options.metrics.forget(stream, consumer);
    this.tracked.clear();
  }

  get consumers(): ReadonlyArray<{ stream: string; consumer: string }> {
    return [...this.tracked.values()].map(({ stream, consumer }) => ({ stream, consumer }));
  }

  /** Reads every tracked consumer once; a refresh already running is joined, not doubled. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readAll().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
    this.untrackAll();
  }

  private async readAll(): Promise<void> {
    for (const entry of [...this.tracked.values()]) {
      try {
        const reading = await this.options.read(entry.stream, entry.consumer);
        // Untracked while the request was out: a late answer must not bring its gauges back.
        if (!this.tracked.has(`${entry.stream}\u0000${entry.consumer}`)) continue;
        this.options.metrics.record(entry.stream, entry.consumer, reading);
        entry.failing = false;
      } catch (error) {
        this.options.metrics.recordFailure(entry.stream, entry.consumer);
        if (!entry.failing) this.options.onFailure(error, entry.stream, entry.consumer);
        entry.failing = true;
      }
    }
  }
}
