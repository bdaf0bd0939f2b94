import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { connect } from '@nats-io/transport-node';
import {
  AgentListPage,
  AgentListQuery,
  FleetSummaryQuery,
  Subjects,
  createMessage,
  HealthStateChanged,
} from '@warden/contracts';
import { Messaging, NatsConnectionConfig, connectNats } from '@warden/messaging';
import { MetricsRegistry, createLogger, type Logger } from '@warden/telemetry';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { DevStack, type DevStackIo } from './dev-stack';
import { agentRecord, fleetSummary, stateChanged } from './fleet-view.test-helper';
import { JetStreamUnavailableError, NatsUnreachableError } from './nats-endpoint';
import { WARDEN_SERVICES, appEntry } from './service-catalogue';
import type { StartOptions } from './start-options';

/** Collects what the runner prints, as lines. */
class CollectedOutput {
  private text = '';
  readonly isTTY = false;
  write(chunk: string): void {
    this.text += chunk;
  }
  get lines(): string[] {
    return this.text.split('\n').filter(Boolean);
  }
}

function emptyRoot(): string {
  return mkdtempSync(join(tmpdir(), 'warden-start-root-'));
}

function options(root: string, overrides: Partial<StartOptions> = {}): StartOptions {
  return {
    scenario: join(root, 'apps/fleet-sim/scenarios/mixed.yaml'),
    scenarioIsDefault: true,
    agents: 7,
    plainOutput: true,
    ...overrides,
  };
}

function silentLogger(): Logger {
  return createLogger({
    service: 'test',
    instanceId: 'test',
    level: 'error',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
}

/** Whether a NATS server answers at `url`; one that refuses an anonymous login answers too. */
async function reachable(url: string): Promise<boolean> {
  return (await anonymousLogin(url)) !== 'unreachable';
}

async function anonymousLogin(url: string): Promise<'accepted' | 'refused' | 'unreachable'> {
  try {
    const nc = await connect({ servers: url, reconnect: false, timeout: 2_000 });
    await nc.close();
    return 'accepted';
  } catch (error) {
    return /authorization/i.test((error as Error).message) ? 'refused' : 'unreachable';
  }
}

describe('DevStack (npm start) against a real nats-server', () => {
  const roots: string[] = [];
  const stacks: DevStack[] = [];
  // A failed assertion must not leave a stack's timers, processes or server running.
  afterEach(async () => {
    await Promise.all(stacks.splice(0).map((stack) => stack.stop()));
  });
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  const newStack = (startOptions: StartOptions, io: DevStackIo): DevStack => {
    const stack = new DevStack(startOptions, io);
    stacks.push(stack);
    return stack;
  };
  const newRoot = () => {
    const root = emptyRoot();
    roots.push(root);
    return root;
  };

  it('starts its own nats-server, reports every service and fleet-sim as not built, waits for the collector, and stops cleanly', async () => {
    const root = newRoot();
    const out = new CollectedOutput();
    const stack = newStack(options(root), { root, out, summaryIntervalMs: 100 });
    await stack.start();

    const started = out.lines.find((line) => line.startsWith('started nats-server on '));
    const url = started?.slice('started nats-server on '.length) ?? '';
    expect(url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toBe('nats://127.0.0.1:4222');
    // It runs with the generated accounts, as production does: no anonymous client gets in.
    expect(await anonymousLogin(url)).toBe('refused');
    expect(out.lines).toContain(`not built yet (skipped): ${WARDEN_SERVICES.join(', ')}`);
    expect(out.lines).toContain('fleet-sim skipped: not built yet');
    await eventually(() => out.lines.some((line) => line.includes('health-collector: waiting…')), {
      message: 'no summary line',
    });

    await stack.stop();
    expect(out.lines.at(-1)).toBe('stopped');
    expect(await reachable(url)).toBe(false);
    expect(readFileSync(join(root, 'tmp/logs/start.log'), 'utf8')).toContain('NATS connected');
  });

  describe('on a NATS server it did not start', () => {
    let server: NatsServerHandle;
    let collector: Messaging;

    beforeAll(async () => {
      server = await startNatsServer();
      const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url });
      const logger = silentLogger();
      const client = await connectNats(config, { name: 'fake-collector', logger });
      collector = new Messaging(client, {
        service: 'health-collector',
        logger,
        metrics: new MetricsRegistry({
          service: 'health-collector',
          instanceId: 'fake',
          collectProcessMetrics: false,
        }),
      });
    });
    afterAll(async () => {
      await collector.close();
      await server.dispose();
    });

    it('shows what the health collector answers and the transitions it publishes, and leaves the server running', async () => {
      const zoneCounts = { 'zone-a': { healthy: 3, unhealthy: 1 }, 'zone-b': { healthy: 2 } } as const;
      await collector.serveRequests(Subjects.fleetSummaryQuery(), FleetSummaryQuery, (query) =>
        query.zone === undefined
          ? fleetSummary({ healthy: 5, unhealthy: 1 })
          : fleetSummary(zoneCounts[query.zone as keyof typeof zoneCounts], query.zone),
      );
      await collector.serveRequests(Subjects.agentListQuery(), AgentListQuery, () =>
        createMessage(AgentListPage, {
          agents: Object.keys(zoneCounts).map((zone, i) => agentRecord(`agent-${i}`, zone)),
        }),
      );

      const root = newRoot();
      const out = new CollectedOutput();
      const stack = newStack(options(root, { natsUrl: server.url }), {
        root,
        out,
        summaryIntervalMs: 100,
      });
      await stack.start();
      expect(out.lines).toContain(`using NATS at ${server.url}`);

      collector.publisher.publish(
        Subjects.healthState('agent-9'),
        HealthStateChanged,
        stateChanged('agent-9', 'healthy', 'unhealthy', Date.now(), 'zone-a'),
      );
      await eventually(
        () => {
          const latest = out.lines.at(-1) ?? '';
          const shown =
            latest.includes('agents 6: healthy 5, degraded 0, unhealthy 1') &&
            latest.includes('zones 2') &&
            latest.includes('last transition agent-9 healthy→unhealthy');
          if (!shown) throw new Error(`latest summary: ${latest}`);
          return true;
        },
        { message: 'summary never showed the collector’s counts and the transition' },
      );
      expect(stack.model.snapshot().collector.zones.map((z) => [z.zone, z.totalAgents])).toEqual([
        ['zone-a', 4],
        ['zone-b', 2],
      ]);

      await stack.stop();
      expect(out.lines).not.toContain('stopping nats-server…');
      expect(await reachable(server.url)).toBe(true);
    });

    it('launches built services and fleet-sim with their logs in tmp/logs, and stops fleet-sim first, then services in reverse order', async () => {
      const root = newRoot();
      const stopOrder = join(root, 'stop-order.log');
      writeFixture(appEntry(root, 'health-collector'), httpServiceFixture(stopOrder));
      writeFixture(appEntry(root, 'load-balancer'), httpServiceFixture(stopOrder));
      writeFixture(appEntry(root, 'fleet-sim'), fleetSimFixture(stopOrder));
      const scenario = join(root, 'apps/fleet-sim/scenarios/mixed.yaml');
      writeFixture(scenario, 'name: mixed\n');

      const out = new CollectedOutput();
      const stack = newStack(options(root, { natsUrl: server.url }), {
        root,
        out,
        summaryIntervalMs: 60_000,
      });
      await stack.start();
      expect(out.lines).toContain(
        'not built yet (skipped): failure-detector, recovery-coordinator, consensus-coordinator, alert-manager',
      );
      expect(out.lines.some((line) => line.startsWith('health-collector ready on http://127.0.0.1:'))).toBe(
        true,
      );
      expect(out.lines.some((line) => line.startsWith('load-balancer ready on http://127.0.0.1:'))).toBe(
        true,
      );
      expect(out.lines.some((line) => line.startsWith('fleet-sim running: 7 agents'))).toBe(true);

      const fleetSimLog = join(root, 'tmp/logs/fleet-sim.log');
      const args = await eventually(() => readFileSync(fleetSimLog, 'utf8').match(/^args (.*)$/m)?.[1], {
        message: 'fleet-sim printed no args',
      });
      expect(args).toBe(`--scenario ${scenario} --agents 7 --nats-url ${server.url}`);
      await eventually(() =>
        readFileSync(join(root, 'tmp/logs/health-collector.log'), 'utf8').includes(
          `env ${server.url} health-collector-1 info`,
        ),
      );

      await stack.stop();
      expect(readFileSync(stopOrder, 'utf8').trim().split('\n')).toEqual([
        'fleet-sim',
        'load-balancer',
        'health-collector',
      ]);
      expect(
        stack.model
          .snapshot()
          .stack.processes.filter((p) => p.state === 'stopped')
          .map((p) => [p.name, p.detail]),
      ).toEqual([
        ['health-collector', 'exit code 0'],
        ['load-balancer', 'exit code 0'],
        ['fleet-sim', 'exit code 0'],
      ]);
    });

    it('shows a process that ends on its own as exited, naming its exit code and log, and keeps running', async () => {
      const root = newRoot();
      writeFixture(appEntry(root, 'fleet-sim'), "console.error('bad scenario'); process.exit(2);");
      writeFixture(join(root, 'apps/fleet-sim/scenarios/mixed.yaml'), 'name: mixed\n');
      const out = new CollectedOutput();
      const stack = newStack(options(root, { natsUrl: server.url }), { root, out, summaryIntervalMs: 100 });
      await stack.start();

      await eventually(() =>
        out.lines.includes('fleet-sim exited on its own: exit code 2, see tmp/logs/fleet-sim.log'),
      );
      expect(stack.model.snapshot().stack.processes.find((p) => p.name === 'fleet-sim')?.state).toBe(
        'exited',
      );
      await eventually(() =>
        readFileSync(join(root, 'tmp/logs/fleet-sim.log'), 'utf8').includes('bad scenario'),
      );
      const linesBefore = out.lines.length;
      await eventually(() => out.lines.length > linesBefore && out.lines.at(-1)?.startsWith('[warden +'));
    });

    it('refuses a server without JetStream, and an address where nothing listens, with typed errors', async () => {
      const plain = await startNatsServer({ jetstream: false });
      try {
        const root = newRoot();
        const noJetStream = newStack(options(root, { natsUrl: plain.url }), {
          root,
          out: new CollectedOutput(),
        });
        await expect(noJetStream.start()).rejects.toThrow(JetStreamUnavailableError);
        await noJetStream.stop();
      } finally {
        await plain.dispose();
      }
      const root = newRoot();
      const nowhere = newStack(options(root, { natsUrl: plain.url }), {
        root,
        out: new CollectedOutput(),
      });
      await expect(nowhere.start()).rejects.toThrow(NatsUnreachableError);
      await nowhere.stop();
    });
  });
});

function writeFixture(path: string, source: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
}

/** A stand-in service: /readyz on HTTP_PORT, prints its environment, records when SIGTERM stops it. */
function httpServiceFixture(stopOrder: string): string {
  return `
const http = require('node:http');
const fs = require('node:fs');
const name = process.env.SERVICE_INSTANCE_ID.replace(/-1$/, '');
console.log('env', process.env.NATS_URL, process.env.SERVICE_INSTANCE_ID, process.env.LOG_LEVEL);
const server = http.createServer((req, res) => { res.statusCode = req.url === '/readyz' ? 200 : 404; res.end(); });
server.listen(Number(process.env.HTTP_PORT), '127.0.0.1');
process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(stopOrder)}, name + '\\n'); server.close(() => process.exit(0)); });
`;
}

/** A stand-in fleet-sim: prints its arguments, records when SIGTERM stops it. */
function fleetSimFixture(stopOrder: string): string {
  return `
const fs = require('node:fs');
const keepAlive = setInterval(() => undefined, 1000);
process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(stopOrder)}, 'fleet-sim\\n'); clearInterval(keepAlive); process.exit(0); });
// Printed last: the test stops the stack once it sees this line, so the SIGTERM handler must already be in place.
console.log('args ' + process.argv.slice(2).join(' '));
`;
}
