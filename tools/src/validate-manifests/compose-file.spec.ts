import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseEnv } from 'node:util';
import { validateComposeFile } from './compose-config';

const ROOT = join(__dirname, '..', '..', '..');
const DOCKER = join(ROOT, 'docker');
const CREDENTIALS = join(DOCKER, 'dev-credentials');
const readEnv = (file: string) => parseEnv(readFileSync(join(CREDENTIALS, file), 'utf8'));

describe('docker/compose.yaml', () => {
  it('is accepted by docker-compose config (v1, which needs no engine)', () => {
    expect(validateComposeFile(join(DOCKER, 'compose.yaml'))).toEqual([]);
  });

  it("a file Compose refuses is one problem with Compose's message", () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    try {
      const file = join(dir, 'compose.yaml');
      writeFileSync(file, 'services:\n  nats:\n    image: nats\n    ports: not-a-list\n');
      expect(validateComposeFile(file)).toEqual([
        expect.objectContaining({ source: file, problem: expect.stringContaining('ports') }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docker/dev-credentials', () => {
  it('gives each service the password nats-server expects for its user', () => {
    const server = readEnv('nats-server.env');
    const serviceFiles = readdirSync(CREDENTIALS).filter(
      (file) => !['nats-server.env', 'fleet-sim.env'].includes(file),
    );
    expect(serviceFiles).toHaveLength(6);
    for (const file of serviceFiles) {
      const { NATS_USER, NATS_PASSWORD } = readEnv(file);
      expect(NATS_USER).toBe(basename(file, '.env'));
      expect([NATS_USER, NATS_PASSWORD]).toEqual([
        NATS_USER,
        server[`${NATS_USER!.toUpperCase().replace(/-/g, '_')}_PASSWORD`],
      ]);
    }
    const fleetSim = readEnv('fleet-sim.env');
    for (const role of ['HOST', 'AGENT', 'SUBMITTER', 'OBSERVER']) {
      const user = fleetSim[`FLEET_SIM_${role}_NATS_USER`]!;
      expect([role, fleetSim[`FLEET_SIM_${role}_NATS_PASSWORD`]]).toEqual([
        role,
        server[`${user.toUpperCase().replace(/-/g, '_')}_PASSWORD`],
      ]);
    }
  });

  it('with docker/nats.conf and the generated accounts, is a configuration nats-server accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-nats-'));
    try {
      copyFileSync(
        join(ROOT, 'k8s', 'nats', 'accounts.generated.conf'),
        join(dir, 'accounts.generated.conf'),
      );
      const config = readFileSync(join(DOCKER, 'nats.conf'), 'utf8').replace('/data', join(dir, 'js'));
      writeFileSync(join(dir, 'nats.conf'), config);
      // -t only parses and checks the configuration; an unresolved $…_PASSWORD fails it.
      const result = spawnSync('nats-server', ['-t', '-c', join(dir, 'nats.conf')], {
        env: { ...process.env, ...readEnv('nats-server.env') },
        encoding: 'utf8',
      });
      expect([result.status, result.stderr]).toEqual([0, expect.stringContaining('is valid')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
