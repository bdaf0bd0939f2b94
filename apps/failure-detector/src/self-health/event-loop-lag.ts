import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LagSummary {
  p99Ms: number;
  maxMs: number;
}

/** Event-loop delay as Node measures it (libuv timer lateness), summarised and reset per read. */
export class EventLoopLag {
  private readonly histogram: IntervalHistogram;

  constructor(resolutionMs = 10) {
    this.histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  }

  start(): void {
    this.histogram.enable();
  }

  stop(): void {
    this.histogram.disable();
  }

  /** The delays since the previous read (nanoseconds in the histogram, milliseconds here). */
  read(): LagSummary {
    const summary = {
      p99Ms: this.histogram.count ? this.histogram.percentile(99) / 1e6 : 0,
      maxMs: this.histogram.count ? this.histogram.max / 1e6 : 0,
    };
    this.histogram.reset();
    return summary;
  }
}
