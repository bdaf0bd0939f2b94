import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Messaging } from '@warden/messaging';
import { MetricsRegistry, createLogger, type Logger } from '@warden/telemetry';
import { AlertsObserver } from './alerts-observer';
import { FleetObserver } from './fleet-observer';
import { LeadersObserver } from './leaders-panel';
import { FleetViewModel } from './fleet-view-model';
import { LiveTerminalView } from './live-terminal-view';
import { renderRoutingPanel } from './render-routing-panel';
import { observeRouting } from './routing-observer';
import { RoutingPanelModel } from './routing-panel-model';
import { LogFile } from './log-file';
import { provideNats, type NatsEndpoint } from './nats-endpoint';
import type { OutputSink, StackDisplay } from './output-sink';
import { FLEET_SIM, WARDEN_SERVICES, appEntry } from './service-catalogue';
import { StackProcess } from './stack-process';
import type { StartOptions } from './start-options';
import { SummaryPrinter } from './summary-printer';

export interface DevStackIo {
  /** Repository root: apps/<name>/dist/main.js are looked up here and logs go to tmp/logs under it. */
  root: string;
  out: OutputSink;
  /** Interval of the one-line summaries when there is no live view (5 s by default). */
  summaryIntervalMs?: number;
  /** Time a process gets to stop after SIGTERM before it is killed. */
  stopGraceMs?: number;
}

const RUNNER_NAME = 'warden-start';
const DEFAULT_STOP_GRACE_MS = 15_000;

/**
 * The local dev stack: NATS (given or started here), every built service as its own process, fleet-sim,
 * and a view of the fleet. `stop` may be called at any time, also while starting; it stops fleet-sim
 * first (so its agents announce `stopped` while the services still listen), then the services in
 * reverse order, then the NATS server it started.
 */
export class DevStack {
  readonly model = new FleetViewModel(Date.now());
  readonly routing = new RoutingPanelModel();
  readonly logsDir: string;
  private readonly runnerLog: LogFile;
  private readonly logger: Logger;
  private nats?: NatsEndpoint;
  private messaging?: Messaging;
  private observer?: FleetObserver;
  private alertsObserver?: AlertsObserver;
  private leaders?: LeadersObserver;
  private readonly services: StackProcess[] = [];
  private fleetSim?: StackProcess;
  private display?: StackDisplay;
  private starting?: Promise<void>;
  private stopping?: Promise<void>;
  private markStopped!: () => void;
  private readonly stoppedPromise = new Promise<void>((resolve) => (this.markStopped = resolve));

  constructor(
    private readonly options: StartOptions,
    private readonly io: DevStackIo,
  ) {
    this.logsDir = join(io.root, 'tmp', 'logs');
    this.runnerLog = new LogFile(join(this.logsDir, 'start.log'));
    this.logger = createLogger({
      service: RUNNER_NAME,
      instanceId: `${RUNNER_NAME}-${process.pid}`,
      destination: this.runnerLog,
    });
  }

  /** Rejects with the startup error (no NATS, nats-server missing…) after cleaning up what had started. */
  start(): Promise<void> {
    this.starting ??= this.startAll();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  /** Resolves once a stop (asked for by anyone) has finished. */
  stopped(): Promise<void> {
    return this.stoppedPromise;
  }

  private get stopRequested(): boolean {
    return this.stopping !== undefined;
  }

  private async startAll(): Promise<void> {
    const nats = await provideNats(this.options.natsUrl, this.logger);
    this.nats = nats;
    this.model.natsReady(nats.url, nats.origin);
    this.say(nats.origin === 'started' ? `started nats-server on ${nats.url}` : `using NATS at ${nats.url}`);
    if (this.stopRequested) return;

    const metrics = new MetricsRegistry({
      service: RUNNER_NAME,
      instanceId: RUNNER_NAME,
      collectProcessMetrics: false,
    });
    this.messaging = new Messaging(nats.client, { service: RUNNER_NAME, logger: this.logger, metrics });
    this.observer = new FleetObserver(this.messaging, this.model, { queue: `${RUNNER_NAME}-${process.pid}` });
    await this.observer.start();
    this.alertsObserver = new AlertsObserver(this.messaging, (alerts) => this.model.alertsSeen(alerts));
    this.alertsObserver.start();
    await observeRouting(this.messaging, this.routing, `${RUNNER_NAME}-routing-${process.pid}`);
    this.leaders = new LeadersObserver(this.messaging, (view) => this.model.leadersSeen(view));
    this.leaders.start();

    await this.startServices(nats);
    if (this.stopRequested) return;
    await this.startFleetSim(nats);
    if (this.stopRequested) return;

    this.say(`logs: ${this.shown(this.logsDir)}/<process>.log`);
    this.display = this.chooseDisplay();
    this.display.start();
  }

  private async startServices(nats: NatsEndpoint): Promise<void> {
    const notBuilt = WARDEN_SERVICES.filter((name) => !existsSync(appEntry(this.io.root, name)));
    // Every service is listed at once, in start order, so the view shows what is still to come.
    for (const name of WARDEN_SERVICES) {
      if (notBuilt.includes(name)) this.model.processChanged(name, 'skipped', 'not built yet');
      else this.model.processChanged(name, 'starting', 'waiting for its turn');
    }
    if (notBuilt.length > 0) this.say(`not built yet (skipped): ${notBuilt.join(', ')}`);

    for (const name of WARDEN_SERVICES) {
      if (notBuilt.includes(name) || this.stopRequested) continue;
      this.model.processChanged(name, 'starting', 'waiting for /readyz');
      this.say(`starting ${name}…`);
      try {
        const service = await StackProcess.launch({
          name,
          entry: appEntry(this.io.root, name),
          // Each service as its own NATS identity, as deployed.
          env: {
            NATS_URL: nats.url,
            ...nats.credentialsOf(name),
            SERVICE_INSTANCE_ID: `${name}-1`,
            LOG_LEVEL: 'info',
          },
          waitFor: 'readyz',
          logPath: this.logPath(name),
        });
        this.services.push(service);
        this.model.processChanged(name, 'ready', `${service.url}  log ${this.shown(service.log.path)}`);
        this.say(`${name} ready on ${service.url}`);
        this.watchExit(service);
      } catch (error) {
        // One broken service must not take the rest of the stack down; its log says why.
        this.model.processChanged(name, 'failed', `see ${this.shown(this.logPath(name))}`);
        this.say(`${name} failed to start: ${firstLine(error)} (see ${this.shown(this.logPath(name))})`);
      }
    }
  }

  private async startFleetSim(nats: NatsEndpoint): Promise<void> {
    const natsUrl = nats.url;
    const entry = appEntry(this.io.root, FLEET_SIM);
    if (!existsSync(entry)) return this.skipFleetSim('not built yet');
    if (!existsSync(this.options.scenario))
      return this.skipFleetSim(`no scenario file ${this.shown(this.options.scenario)}`);
    try {
      const fleetSim = await StackProcess.launch({
        name: FLEET_SIM,
        entry,
        env: { NATS_URL: natsUrl, ...nats.fleetSimCredentials(), LOG_LEVEL: 'info' },
        args: [
          '--scenario',
          this.options.scenario,
          '--agents',
          String(this.options.agents),
          '--nats-url',
          natsUrl,
        ],
        waitFor: 'none',
        logPath: this.logPath(FLEET_SIM),
      });
      this.fleetSim = fleetSim;
      const detail = `${this.options.agents} agents, ${this.shown(this.options.scenario)}  log ${this.shown(fleetSim.log.path)}`;
      this.model.processChanged(FLEET_SIM, 'running', detail);
      this.say(`fleet-sim running: ${detail}`);
      this.watchExit(fleetSim);
    } catch (error) {
      this.model.processChanged(FLEET_SIM, 'failed', `see ${this.shown(this.logPath(FLEET_SIM))}`);
      this.say(`fleet-sim failed to start: ${firstLine(error)}`);
    }
  }

  private skipFleetSim(reason: string): void {
    this.model.processChanged(FLEET_SIM, 'skipped', reason);
    this.say(`fleet-sim skipped: ${reason}`);
  }

  /** A process that ends while the stack runs shows as finished or exited in the view, with where to look. */
  private watchExit(stackProcess: StackProcess): void {
    void stackProcess.process.exited().then(() => {
      if (this.stopRequested) return;
      const code = stackProcess.process.exitCode;
      const detail = `exit code ${code ?? 'by signal'}, see ${this.shown(stackProcess.log.path)}`;
      this.model.processChanged(stackProcess.name, code === 0 ? 'finished' : 'exited', detail);
      this.say(`${stackProcess.name} ${code === 0 ? 'finished' : 'exited on its own'}: ${detail}`);
      this.logger.warn({ process: stackProcess.name, exitCode: code }, 'Stack process exited on its own');
    });
  }

  private chooseDisplay(): StackDisplay {
    if (this.io.out.isTTY && !this.options.plainOutput)
      return new LiveTerminalView(this.io.out, this.model, 1000, [
        (width) => renderRoutingPanel(this.routing.snapshot(Date.now()), width),
      ]);
    return new SummaryPrinter(this.io.out, this.model, this.io.summaryIntervalMs);
  }

  private async stopAll(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.display?.stop();
    this.display = undefined;
    const grace = this.io.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    if (this.fleetSim) await this.stopProcess(this.fleetSim, grace);
    for (const service of [...this.services].reverse()) await this.stopProcess(service, grace);
    await this.observer?.stop();
    await this.alertsObserver?.stop();
    await this.leaders?.stop();
    try {
      await this.messaging?.close();
      if (this.nats && !this.messaging) await this.nats.client.drain();
    } catch (error) {
      // The server may already be gone (stopped from outside); the connection has nothing left to flush.
      this.say(`NATS connection closed uncleanly: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.nats?.origin === 'started') {
      this.say('stopping nats-server…');
      await this.nats.stopServer();
    }
    if (this.nats) this.say('stopped');
    await this.runnerLog.close();
    this.markStopped();
  }

  private async stopProcess(stackProcess: StackProcess, graceMs: number): Promise<void> {
    this.say(`stopping ${stackProcess.name}…`);
    this.model.processChanged(stackProcess.name, 'stopping');
    await stackProcess.stop(graceMs);
    this.model.processChanged(
      stackProcess.name,
      'stopped',
      `exit code ${stackProcess.process.exitCode ?? 'by signal'}`,
    );
  }

  private logPath(name: string): string {
    return join(this.logsDir, `${name}.log`);
  }

  /** Paths under the repository are shown relative to it: shorter, and what the README names. */
  private shown(path: string): string {
    const inside = relative(this.io.root, path);
    return inside.startsWith('..') ? path : inside;
  }

  private say(line: string): void {
    // While the live view owns the screen a line would be drawn over; the view shows the same facts.
    if (this.display instanceof LiveTerminalView) return;
    this.io.out.write(`${line}\n`);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0];
}
