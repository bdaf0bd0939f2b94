import type { ResourceSampler } from './load-meter';
import { ProcessUsage, containerMemoryLimitBytes } from './process-usage';

/**
 * The process's CPU and memory, measured at most once per `refreshMs` and shared by every agent of the
 * process: ProcessUsage measures CPU since its previous call, so ten thousand agents each asking it
 * would each see a window of microseconds.
 */
export class SharedResourceSampler implements ResourceSampler {
  private readonly usage = new ProcessUsage();
  private readonly limitBytes = containerMemoryLimitBytes();
  private sampledAt = -Infinity;
  private cpu = 0;
  private memory = 0;

  constructor(
    private readonly refreshMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  cpuRatio(): number {
    this.refresh();
    return this.cpu;
  }

  memoryBytes(): number {
    this.refresh();
    return this.memory;
  }

  memoryLimitBytes(): number | undefined {
    return this.limitBytes;
  }

  private refresh(): void {
    const now = this.now();
    if (now - this.sampledAt < this.refreshMs) return;
    this.sampledAt = now;
    this.cpu = Math.round(this.usage.cpuRatio() * 1000) / 1000;
    this.memory = this.usage.memoryBytes();
  }
}
