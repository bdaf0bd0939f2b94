import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LatencyRepetition } from '../../framework/repetition';

const PROBE = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'apps',
  'load-balancer',
  'dist',
  'probe',
  'routing-decision-probe.js',
);
const run = promisify(execFile);

export class LoadBalancerNotBuiltError extends Error {
  constructor(path: string) {
    super(`${path} is missing: build apps/load-balancer (npm run build) before this scenario`);
    this.name = 'LoadBalancerNotBuiltError';
  }
}

/**
 * Routing decisions timed inside the built load balancer's probe (the bench may not import an app).
 * The first fifth of each run is JIT warm-up and dropped.
 */
export async function measureRoutingDecisions(
  side: string,
  agents: number,
  decisions: number,
): Promise<LatencyRepetition> {
  if (!existsSync(PROBE)) throw new LoadBalancerNotBuiltError(PROBE);
  const { stdout } = await run(process.execPath, [PROBE, side, String(agents), String(decisions)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const { latenciesMs } = JSON.parse(stdout) as LatencyRepetition;
  return { latenciesMs: latenciesMs.slice(Math.floor(latenciesMs.length / 5)) };
}
