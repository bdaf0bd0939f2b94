import { spawn, type ChildProcess } from 'node:child_process';
import { exited, trackChild } from './child-registry';
import { OutputTail } from './output-tail';
import { eventually } from '../wait/eventually';
import { freePort } from '../nats/free-port';

export interface LaunchServiceOptions {
  /** Path of the built entry point, e.g. apps/health-collector/dist/main.js. */
  entry: string;
  /** A name for diagnostics. */
  name?: string;
  /** Extra environment; HTTP_PORT is chosen here unless given. */
  env?: Record<string, string>;
  /** Arguments after the entry point. */
  args?: string[];
  /** Wait for GET /readyz to answer 200 (default), or not at all (for processes without HTTP). */
  waitFor?: 'readyz' | 'none';
  /** The readiness path polled when waiting (a manifest's readinessProbe may name another); /readyz by default. */
  readyPath?: string;
  /** Working directory of the process; the test's by default. */
  cwd?: string;
  /**
   * The environment the process starts from, before `env`; the test process's by default. A launch that must
   * run with exactly what a manifest gives passes only what the container image would provide (PATH, HOME).
   */
  baseEnv?: Record<string, string | undefined>;
  readyTimeoutMs?: number;
  /** Called for every line the process prints on stdout or stderr. */
  onLine?: (line: string) => void;
}

export class ServiceStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- service output ---\n${output}`);
    this.name = 'ServiceStartError';
  }
}

/** A built service running as its own OS process, as it runs in production. */
export class ServiceProcess {
  private readonly tail = new OutputTail(400);

  private constructor(
    readonly name: string,
    readonly httpPort: number,
    private readonly child: ChildProcess,
    onLine?: (line: string) => void,
  ) {
    const collect = (chunk: Buffer) => {
      for (const line of this.tail.push(chunk)) onLine?.(line);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  static async launch(options: LaunchServiceOptions): Promise<ServiceProcess> {
    const httpPort = Number(options.env?.HTTP_PORT ?? (await freePort()));
    const child = spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
      env: { ...(options.baseEnv ?? process.env), ...options.env, HTTP_PORT: String(httpPort) },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, for the same reason as nats-server's: the launcher decides the stop order.
      detached: true,
    });
    trackChild(child);
    const service = new ServiceProcess(options.name ?? options.entry, httpPort, child, options.onLine);
    if ((options.waitFor ?? 'readyz') === 'readyz') {
      const abort = new AbortController();
      try {
        const ready = eventually(
          async () => {
            const response = await fetch(`${service.baseUrl}${options.readyPath ?? '/readyz'}`);
            if (!response.ok) throw new Error(`readyz ${response.status}: ${await response.text()}`);
            return true;
          },
          {
            timeoutMs: options.readyTimeoutMs ?? 30_000,
            intervalMs: 100,
            message: `${service.name} not ready`,
            signal: abort.signal,
          },
        );
        // A process that dies while starting fails the launch at once instead of at the timeout.
        const died = exited(child).then(() => {
          throw new Error(
            `${service.name} exited with ${child.exitCode ?? child.signalCode} before it was ready`,
          );
        });
        ready.catch(() => undefined);
        died.catch(() => undefined);
        await Promise.race([ready, died]);
      } catch (error) {
        abort.abort();
        await service.kill();
        throw new ServiceStartError((error as Error).message, service.output());
      }
    }
    return service;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  output(): string {
    return this.tail.text();
  }

  /** Resolves when the process exits on its own. */
  exited(): Promise<void> {
    return exited(this.child);
  }

  /** Graceful stop (SIGTERM), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited(this.child);
    clearTimeout(timer);
  }

  /** Crash (SIGKILL). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await exited(this.child);
  }
}

export function launchService(options: LaunchServiceOptions): Promise<ServiceProcess> {
  return ServiceProcess.launch(options);
}
