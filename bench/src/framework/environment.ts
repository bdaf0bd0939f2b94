import { execFileSync } from 'node:child_process';
import { arch, cpus, loadavg, platform } from 'node:os';
import type { EnvironmentReport } from '../report/run-report';

function natsServerVersion(): string {
  try {
    const output = execFileSync('nats-server', ['--version'], { encoding: 'utf8', timeout: 5_000 });
    return output.trim().replace(/^nats-server:\s*/, '');
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** What the numbers were measured on: ratios travel between machines, absolute numbers need this context. */
export function describeEnvironment(): EnvironmentReport {
  const processors = cpus();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpuCount: processors.length,
    loadAverageAtStart: loadavg(),
    natsServerVersion: natsServerVersion(),
  };
}
