import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsTestAuth, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { FLEET_SIM_ROLES, roleVariable, type FleetSimRole } from './nats-identities';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

const SCENARIO = `
name: credentials-int
fleet: { agents: 4, hosts: 2, zones: 1, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 200, restartDelayMs: 300ms }
load: { tasksPerAgentPerSecond: 0, taskDurationMs: { mean: 10, jitterRatio: 0.5 } }
duration: 2s
`;

/** Which generated identity each fleet-sim role logs in as. */
const IDENTITY_OF: Record<FleetSimRole, string> = {
  host: 'host',
  agent: 'agent',
  submitter: 'task-submitter',
  observer: 'operator',
};

/** Runs the built fleet-sim to its end; resolves with its exit code and everything it printed. */
function runFleetSim(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * fleet-sim against a nats-server with the generated accounts: it logs in with each role's own
 * credentials (it ignored NATS_USER/NATS_PASSWORD before and could not log in), does its work without a
 * permission violation, and never prints a password, not even one given inside the server URL.
 */
describe('fleet-sim NATS credentials (real nats-server with the generated accounts)', () => {
  let auth: NatsTestAuth;
  let server: NatsServerHandle;
  let observer: NatsConnection;
  let scenario: string;
  const heartbeatsFrom = new Set<string>();

  beforeAll(async () => {
    auth = NatsTestAuth.generate();
    server = await startNatsServer({ auth });
    observer = await connect({ servers: server.url, ...auth.connectOptions('operator') });
    observer.subscribe('supervision.health.heartbeat.*.*', {
      callback: (error, message) => {
        if (!error) heartbeatsFrom.add(message.subject.split('.').at(-1)!);
      },
    });
    await observer.flush();
    scenario = join(mkdtempSync(join(tmpdir(), 'fleet-sim-creds-')), 'credentials.yaml');
    writeFileSync(scenario, SCENARIO);
  });

  afterAll(async () => {
    await observer?.close();
    await server?.dispose();
  });

  const passwords = () => auth.identities.map((identity) => auth.credentials(identity).password);

  it('logs each role in as its identity, runs its agents and prints no password', async () => {
    const env = Object.fromEntries(
      FLEET_SIM_ROLES.flatMap((role) => {
        const { NATS_USER, NATS_PASSWORD } = auth.clientEnv(IDENTITY_OF[role]);
        return [
          [roleVariable(role, 'NATS_USER'), NATS_USER],
          [roleVariable(role, 'NATS_PASSWORD'), NATS_PASSWORD],
        ];
      }),
    );
    const { code, output } = await runFleetSim(['--scenario', scenario, '--nats-url', server.url], env);
    expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
    expect([...heartbeatsFrom].sort()).toEqual(['agent-0001', 'agent-0002', 'agent-0003', 'agent-0004']);
    for (const password of passwords()) expect(output).not.toContain(password);
    expect(server.permissionViolations()).toEqual([]);
  });

  it('falls back to NATS_USER and NATS_PASSWORD for every role', async () => {
    const { code, output } = await runFleetSim(
      ['--scenario', scenario, '--nats-url', server.url],
      auth.clientEnv('host'),
    );
    // The host identity can run hosts and agents; the run ends normally without a secret in its output.
    expect(code).toBe(0);
    expect(output).not.toContain(auth.credentials('host').password);
  });

  it('prints the server URL without the password given inside it, also when the login fails', async () => {
    const secret = 'url-secret-never-printed';
    const url = server.url.replace('nats://', `nats://host:${secret}@`);
    const { code, output } = await runFleetSim(['--scenario', scenario, '--nats-url', url], {});
    expect(code).not.toBe(0);
    expect(output).toContain('<redacted>@127.0.0.1');
    expect(output).not.toContain(secret);
  });
});
