import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, trackChild } from '../process/child-registry';
import { OutputTail } from '../process/output-tail';
import { eventually } from '../wait/eventually';
import { freePort } from './free-port';
import { natsServerBinary } from './nats-server-binary';
import type { NatsTestAuth } from './nats-test-auth';

export interface NatsServerOptions {
  /** JetStream on (default) or off. */
  jetstream?: boolean;
  /** Server name; required to be unique inside a cluster. */
  name?: string;
  /** Cluster membership: this node's route port, the cluster name and the other nodes' route ports. */
  cluster?: { name: string; port: number; routePorts: number[] };
  /** Extra command-line arguments. */
  args?: string[];
  /** How long to wait for the server to report healthy. */
  startTimeoutMs?: number;
  /** Runs with the generated accounts (k8s/nats/accounts.generated.conf) and these test passwords. */
  auth?: NatsTestAuth;
}

/** How nats-server logs a refused publish or subscribe, one line each (2.9: "Publish Violation - User …"; later servers and clients: "Permissions Violation"). */
const PERMISSION_VIOLATION = /Permissions Violation|(Publish|Subscription) Violation/;

export class NatsServerStartError extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(`${message}\n--- nats-server output ---\n${log}`);
    this.name = 'NatsServerStartError';
  }
}

/**
 * A real nats-server on loopback with free ports and a temporary JetStream store. It can be stopped,
 * killed and restarted on the same ports and store, which is how tests simulate crashes and outages.
 */
export class NatsServerHandle {
  private child?: ChildProcess;
  private readonly output = new OutputTail();
  private readonly violations: string[] = [];
  private removed = false;

  private constructor(
    readonly port: number,
    readonly monitorPort: number,
    readonly storeDir: string,
    private readonly options: NatsServerOptions,
  ) {}

  static async start(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
    const storeDir = mkdtempSync(join(tmpdir(), 'warden-nats-'));
    const server = new NatsServerHandle(await freePort(), await freePort(), storeDir, options);
    await server.spawnAndWait();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The test credentials of the server's identities, when it runs with the generated accounts. */
  get auth(): NatsTestAuth | undefined {
    return this.options.auth;
  }

  /**
   * Every permission violation the server logged since it started (all of them, not only the recent
   * output): a test that runs real services asserts there are none.
   */
  permissionViolations(): string[] {
    return [...this.violations];
  }

  /** The server's recent output, for diagnosing a failed test. */
  log(): string {
    return this.output.text();
  }

  /** Graceful shutdown (SIGTERM): clients see the connection close. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Crash (SIGKILL): nothing is flushed, clients see a dead socket. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Starts again on the same ports and store, as a restarted node would. */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.spawnAndWait();
    await this.waitHealthy();
  }

  /** Stops the server and deletes its store. */
  async dispose(): Promise<void> {
    await this.kill();
    if (!this.removed) {
      this.removed = true;
      rmSync(this.storeDir, { recursive: true, force: true });
    }
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill(signal);
    await exited(child);
  }

  private arguments(): string[] {
    const { jetstream = true, name, cluster, args = [], auth } = this.options;
    const list = ['-a', '127.0.0.1', '-p', String(this.port), '-m', String(this.monitorPort)];
    // The generated file is a whole configuration (accounts and system account); flags add the rest.
    if (auth) list.push('-c', auth.configPath);
    if (name) list.push('-n', name);
    if (jetstream) list.push('-js', '-sd', this.storeDir);
    if (cluster) {
      list.push('--cluster_name', cluster.name, '--cluster', `nats://127.0.0.1:${cluster.port}`);
      const routes = cluster.routePorts.map((p) => `nats://127.0.0.1:${p}`).join(',');
      if (routes) list.push('--routes', routes);
    }
    return [...list, ...args];
  }

  private async spawnAndWait(): Promise<void> {
    // Its own process group: a Ctrl-C or a SIGINT sent to the caller's group reaches the caller, which
    // stops the server in order, instead of killing it under clients that are still shutting down.
    const child = spawn(natsServerBinary(), this.arguments(), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.options.auth?.serverEnv() },
      detached: true,
    });
    this.child = child;
    trackChild(child);
    const record = (chunk: Buffer): void => {
      for (const line of this.output.push(chunk))
        if (PERMISSION_VIOLATION.test(line)) this.violations.push(line);
    };
    child.stdout?.on('data', record);
    child.stderr?.on('data', record);
    if (this.options.cluster) return; // a cluster node is healthy only once its peers are up: the cluster waits
    await this.waitHealthy();
  }

  /** Waits until the monitoring endpoint reports healthy (which includes JetStream when enabled). */
  async waitHealthy(timeoutMs = this.options.startTimeoutMs ?? 20_000): Promise<void> {
    try {
      await eventually(
        async () => {
          if (!this.running) throw new Error(`exited with ${this.child?.exitCode ?? this.child?.signalCode}`);
          const response = await fetch(`http://127.0.0.1:${this.monitorPort}/healthz`);
          if (!response.ok) throw new Error(`healthz ${response.status}: ${await response.text()}`);
          return true;
        },
        { timeoutMs, intervalMs: 50, message: `nats-server on ${this.port} did not become healthy` },
      );
    } catch (error) {
      throw new NatsServerStartError((error as Error).message, this.log());
    }
  }
}

export function startNatsServer(options?: NatsServerOptions): Promise<NatsServerHandle> {
  return NatsServerHandle.start(options);
}
