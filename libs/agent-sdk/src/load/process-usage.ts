import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * The process's CPU use as a fraction of the CPUs it may use, measured between two calls, and its
 * resident memory. Several agents in one process (an AgentHost) share these figures.
 */
export class ProcessUsage {
  private lastCpu = process.cpuUsage();
  private lastAt = process.hrtime.bigint();
  private readonly cpus = availableParallelism();

  cpuRatio(): number {
    const now = process.hrtime.bigint();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMicros = Number(now - this.lastAt) / 1000;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    if (elapsedMicros <= 0) return 0;
    return Math.min(1, (cpu.user + cpu.system) / elapsedMicros / this.cpus);
  }

  memoryBytes(): number {
    return process.memoryUsage.rss();
  }
}

/** The container's memory limit (cgroup v2, then v1), so "memory rising toward its limit" can be judged. */
export function containerMemoryLimitBytes(): number | undefined {
  for (const path of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const text = readFileSync(path, 'utf8').trim();
      const bytes = Number(text);
      // cgroup v1 reports "no limit" as a huge number near 2^63
      if (Number.isSafeInteger(bytes) && bytes > 0 && bytes < 2 ** 52) return bytes;
    } catch {
      // not in a cgroup with that file: try the next one
    }
  }
  return undefined;
}
