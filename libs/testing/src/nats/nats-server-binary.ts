import { spawnSync } from 'node:child_process';

export class NatsServerMissingError extends Error {
  constructor(binary: string) {
    super(
      `nats-server not found (tried "${binary}"). Install it: Debian/Ubuntu "sudo apt-get install nats-server", ` +
        `macOS "brew install nats-server", or set NATS_SERVER_BIN to its path.`,
    );
    this.name = 'NatsServerMissingError';
  }
}

let resolved: string | undefined;

/** The nats-server executable: NATS_SERVER_BIN when set, else `nats-server` on PATH. */
export function natsServerBinary(): string {
  if (resolved) return resolved;
  const binary = process.env.NATS_SERVER_BIN ?? 'nats-server';
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new NatsServerMissingError(binary);
  resolved = binary;
  return binary;
}
