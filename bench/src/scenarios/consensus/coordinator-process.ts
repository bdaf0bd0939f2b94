import { join } from 'node:path';
import { launchService, type ServiceProcess } from '@warden/testing';

const ENTRY = join(__dirname, '..', '..', '..', '..', 'apps', 'consensus-coordinator', 'dist', 'main.js');

/** The consensus coordinator as its own process (built output), as it runs in production. */
export function launchConsensusCoordinator(natsUrl: string): Promise<ServiceProcess> {
  return launchService({
    entry: ENTRY,
    name: 'bench-consensus-coordinator',
    env: { NATS_URL: natsUrl, LOG_LEVEL: 'warn', SERVICE_INSTANCE_ID: 'bench-coordinator' },
    readyTimeoutMs: 30_000,
  });
}
