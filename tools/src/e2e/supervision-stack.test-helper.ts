import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { MessageClass } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import {
  NatsTestAuth,
  launchService,
  startNatsServer,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';

const ROOT = join(__dirname, '..', '..', '..');
const entry = (app: string) => join(ROOT, 'apps', app, 'dist', 'main.js');

/** The services the supervision chain needs, in start order. */
const SERVICES = ['health-collector', 'failure-detector', 'recovery-coordinator'] as const;

/** A violation line without its pid and time, so repeats of one refusal collapse. */
const withoutTimestamp = (line: string): string => line.replace(/^\[\d+\] \S+ \S+ /, '');

/** A service beyond the chain, started after it with its own variables. */
export interface ExtraService {
  app: string;
  env?: Record<string, string>;
  /** The process's name for `process()`, when two processes run the same app (replicas); the app's by default. */
  name?: string;
}

/**
 * The supervision chain as it runs in production: a private nats-server, every service as its built
 * output in its own OS process, and fleet-sim running real agents in another. Only the observer, which
 * records the events a test asserts on, lives in the test process.
 */
export class SupervisionStack {
  private readonly processes: ServiceProcess[] = [];
  private readonly codec = new MessageCodec();

  private constructor(
    private readonly server: NatsServerHandle,
    private readonly auth: NatsTestAuth,
    private readonly observer: NatsConnection,
  ) {}

  /**
   * `extra` services (e.g. `load-balancer`, or the alert manager with its own variables) start after the
   * supervision chain, each as its own process.
   */
  static async start(extra: readonly (string | ExtraService)[] = []): Promise<SupervisionStack> {
    // The generated accounts with test-only passwords: every process runs as its production identity.
    const auth = NatsTestAuth.generate();
    const server = await startNatsServer({ auth });
    const observer = await connect({
      servers: server.url,
      name: 'e2e-observer',
      ...auth.connectOptions('operator'),
    });
    const stack = new SupervisionStack(server, auth, observer);
    for (const app of SERVICES)
      stack.processes.push(
        await launchService({
          entry: entry(app),
          name: app,
          env: { ...stack.baseEnv, ...auth.clientEnv(app) },
        }),
      );
    for (const service of extra) await stack.launch(service);
    return stack;
  }

  /** Starts one more service (e.g. a second replica) beside the running ones; resolves once it is ready. */
  async launch(service: string | ExtraService): Promise<ServiceProcess> {
    const { app, env, name } =
      typeof service === 'string' ? { app: service, env: {}, name: undefined } : service;
    const child = await launchService({
      entry: entry(app),
      name: name ?? app,
      // The app's own NATS identity: a second replica is the same user.
      env: { ...this.baseEnv, ...this.auth.clientEnv(app), ...env },
    });
    this.processes.push(child);
    return child;
  }

  private get baseEnv(): Record<string, string> {
    return { NATS_URL: this.server.url, LOG_LEVEL: 'warn' };
  }

  /** NATS_USER and NATS_PASSWORD of an identity (`agent`, `host`, `task-submitter`, a service…). */
  credentials(identity: string): Record<string, string> {
    return this.auth.clientEnv(identity);
  }

  /** A connection of the test as one identity (closed by the caller), e.g. `task-submitter` to submit. */
  connectAs(identity: string, name: string): Promise<NatsConnection> {
    return connect({ servers: this.server.url, name, ...this.auth.connectOptions(identity) });
  }

  /** The observer's connection (the `operator` identity: sees every subject, asks the query APIs). */
  get connection(): NatsConnection {
    return this.observer;
  }

  /** The private nats-server's URL, for a test that starts its own clients. */
  get natsUrl(): string {
    return this.server.url;
  }

  /** Records every message of `messageClass` published on `subject` from now on. */
  record<T extends object>(subject: string, messageClass: MessageClass<T>): T[] {
    const received: T[] = [];
    this.observer.subscribe(subject, {
      callback: (error, message) => {
        if (!error) received.push(this.codec.decode(message, messageClass).payload);
      },
    });
    return received;
  }

  /** Starts fleet-sim on a scenario given as YAML text, once every recorder is known to the server. */
  async runScenario(name: string, yaml: string): Promise<void> {
    await this.observer.flush();
    const scenario = join(mkdtempSync(join(tmpdir(), 'warden-e2e-')), `${name}.yaml`);
    writeFileSync(scenario, yaml);
    this.processes.push(
      await launchService({
        entry: entry('fleet-sim'),
        name: 'fleet-sim',
        args: ['--scenario', scenario, '--nats-url', this.server.url, '--quiet'],
        env: this.auth.fleetSimEnv(),
        waitFor: 'none',
      }),
    );
  }

  /** A started process by name (its HTTP base URL, liveness). */
  process(name: string): ServiceProcess | undefined {
    return this.processes.find((child) => child.name === name);
  }

  /** Name and liveness of every process, for asserting that none died. */
  liveness(): { name: string; running: boolean }[] {
    return this.processes.map((child) => ({ name: child.name, running: child.running }));
  }

  /**
   * Stops everything, then fails (throws, so the suite fails in its afterAll) when the server logged any
   * permission violation: every scenario proves its processes' generated permissions suffice.
   */
  async stop(): Promise<void> {
    for (const child of [...this.processes].reverse()) await child.stop();
    await this.observer.close();
    const violations = this.server.permissionViolations();
    await this.server.dispose();
    if (violations.length > 0)
      throw new Error(
        `nats-server refused ${violations.length} operation(s) of the generated permissions ` +
          `(fix libs/contracts/src/access, then npm run generate:nats-auth):\n${[...new Set(violations.map(withoutTimestamp))].join('\n')}`,
      );
  }
}
