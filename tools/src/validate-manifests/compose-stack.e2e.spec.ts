import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launchService,
  OtlpReceiver,
  startNatsServer,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';
import { ContainerFiles, resolvedComposeServices, type ComposeService } from './compose-services.test-helper';
import { WARDEN_SERVICES } from '../start/service-catalogue';

/**
 * docker/compose.yaml run without Docker: nats-server with exactly the compose service's configuration
 * files and environment (the generated accounts, the dev-only passwords), each Warden service as a process
 * with exactly its compose environment (k8s settings.env + dev credentials + the shared block) and its
 * mounted files. Only addresses change: `nats:4222` and `jaeger:4318` become local ports, HTTP_PORT a free
 * port, container paths their host copies. Proves the compose stack's credentials, permissions, settings
 * and files work together; what Docker itself adds (images, networking) is not proved here.
 */
const ROOT = join(__dirname, '..', '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker', 'compose.yaml');
const SERVICES = WARDEN_SERVICES;

jest.setTimeout(240_000);

describe('docker/compose.yaml, run as processes', () => {
  const compose = resolvedComposeServices(COMPOSE_FILE, ['fleet']);
  const root = mkdtempSync(join(tmpdir(), 'compose-stack-'));
  const running: ServiceProcess[] = [];
  let nats: NatsServerHandle;
  let otlp: OtlpReceiver;

  /** A service's compose environment with the stack's addresses and its mounts translated. */
  function environmentOf(
    name: string,
    service: ComposeService,
    files: ContainerFiles,
  ): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(service.environment)) {
      env[key] = files
        .path(value)
        .replace('nats://nats:4222', nats.url)
        .replace('http://jaeger:4318', otlp.endpoint);
    }
    expect([name, env['NATS_URL']]).toEqual([name, nats.url]);
    return env;
  }

  beforeAll(async () => {
    otlp = await OtlpReceiver.start();
    const natsService = compose['nats']!;
    const natsFiles = new ContainerFiles(join(root, 'nats'), natsService);
    natsFiles.rewriteInFile('/etc/nats/nats.conf');
    // nats-server resolves the accounts' $<IDENTITY>_PASSWORD from its environment, as in the container.
    Object.assign(process.env, natsService.environment);
    const configArgs = (natsService.command ?? []).map((arg) => natsFiles.path(arg));
    nats = await startNatsServer({ jetstream: false, args: configArgs });
    for (const name of SERVICES) {
      const service = compose[name]!;
      const files = new ContainerFiles(join(root, name), service);
      const { HTTP_PORT: _composePort, ...env } = environmentOf(name, service, files);
      running.push(
        await launchService({
          name,
          entry: join(ROOT, 'apps', service.build!.args!['APP']!, 'dist', 'main.js'),
          env,
          // What the image provides besides the compose environment.
          baseEnv: { PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'production' },
          readyTimeoutMs: 90_000,
        }),
      );
    }
  });

  afterAll(async () => {
    for (const service of running.reverse()) await service.stop();
    await nats?.dispose();
    await otlp?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('starts all six services to readiness with their compose settings, files and dev credentials', () => {
    expect(running.map((service) => service.name)).toEqual(SERVICES);
  });

  it('runs fleet-sim (profile fleet) with its compose identities: the fleet is reported healthy', () => {
    const fleetSim = compose['fleet-sim']!;
    const files = new ContainerFiles(join(root, 'fleet-sim'), fleetSim);
    const env = environmentOf('fleet-sim', fleetSim, files);
    // Its compose command runs the mixed scenario forever; here the steady one, asserted, for 20 s.
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'apps', 'fleet-sim', 'dist', 'main.js'),
        '--scenario',
        files.path('/etc/warden/scenarios/steady.yaml'),
        '--nats-url',
        env['NATS_URL']!,
        '--duration',
        '25s',
        '--assert',
        '--quiet',
      ],
      {
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect([result.status, result.stdout + result.stderr]).toEqual([
      0,
      expect.stringContaining('1 of 1 held'),
    ]);
  });

  it('causes no permission violation on the server', () => {
    expect(nats.permissionViolations()).toEqual([]);
  });
});
