import { join } from 'node:path';
import { launchService, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';

const COLLECTOR_ENTRY = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'apps',
  'health-collector',
  'dist',
  'main.js',
);

describe('a built service started with more JetStream replicas than the server can hold', () => {
  let server: NatsServerHandle;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await service?.kill();
    await server.dispose();
  });

  it('exits non-zero at start with a message naming JETSTREAM_REPLICAS and what the server said', async () => {
    service = await launchService({
      entry: COLLECTOR_ENTRY,
      name: 'health-collector-replicas-3',
      env: { NATS_URL: server.url, JETSTREAM_REPLICAS: '3', SERVICE_INSTANCE_ID: 'replicas-3' },
      waitFor: 'none',
    });

    await service.exited();

    expect(service.exitCode).not.toBe(0);
    expect(service.exitCode).not.toBeNull();
    expect(service.output()).toMatch(
      /JETSTREAM_REPLICAS=3 cannot be satisfied for stream \w+: the server said/,
    );
    expect(service.output()).toContain('replicas > 1 not supported in non-clustered mode');
  });
});
