export interface MemorySample {
  at: number;
  bytes: number;
}

export interface LinearTrend {
  /** Bytes per millisecond. */
  slope: number;
  /** The fitted value at the last sample's time. */
  fittedBytesNow: number;
  /** Coefficient of determination of the fit, in [0, 1]. */
  rSquared: number;
  spanMs: number;
}

/** Ordinary least squares of bytes over time; undefined with fewer than two distinct times. */
export function fitLinearTrend(samples: readonly MemorySample[]): LinearTrend | undefined {
  const n = samples.length;
  if (n < 2) return undefined;
  const origin = samples[0].at;
  let sumX = 0;
  let sumY = 0;
  for (const sample of samples) {
    sumX += sample.at - origin;
    sumY += sample.bytes;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const sample of samples) {
    const dx = sample.at - origin - meanX;
    const dy = sample.bytes - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const last = samples[n - 1].at - origin;
  return {
    slope,
    fittedBytesNow: meanY + slope * (last - meanX),
    // A flat, noiseless series fits perfectly but is no trend: r² is reported as 0 there.
    rSquared: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy),
    spanMs: last,
  };
}

/**
 * Memory samples over a sliding window, thinned to at most `maxSamples` evenly spaced ones so a fleet of
 * ten thousand agents beating every second does not keep every beat's figure.
 */
export class MemorySampleWindow {
  private readonly samples: MemorySample[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly maxSamples: number,
  ) {}

  add(at: number, bytes: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && at - last.at < this.windowMs / this.maxSamples) return;
    this.samples.push({ at, bytes });
    while (this.samples.length && at - this.samples[0].at > this.windowMs) this.samples.shift();
  }

  get all(): readonly MemorySample[] {
    return this.samples;
  }
}
