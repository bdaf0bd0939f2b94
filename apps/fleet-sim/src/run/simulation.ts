import { Messaging, connectNats, type NatsClient } from '@warden/messaging';
import {
  ConfigurationError,
  MetricsRegistry,
  createLogger,
  redactUrlCredentials,
  type Logger,
} from '@warden/telemetry';
import pino from 'pino';
import { ExpectationChecker, type AssertionOutcome } from '../assertions/expectation-checker';
import { HealthQueries } from '../assertions/health-queries';
import type { CliOptions } from '../cli/cli-options';
import { AgentConditions } from '../faults/agent-conditions';
import { FaultInjector } from '../faults/fault-injector';
import { buildFaultSchedule } from '../faults/fault-schedule';
import { Fleet } from '../fleet/fleet';
import { FleetLayout } from '../fleet/fleet-layout';
import { ZoneCampaigns } from '../fleet/zone-campaigns';
import { SeededRandom } from '@warden/agent-sdk';
import { SyntheticLoad } from '../fleet/synthetic-load';
import { RoutedLoad } from '../fleet/routed-load';
import { formatDuration } from '../scenario/duration';
import { applyOverrides } from '../scenario/fleet-overrides';
import { loadScenarioFile } from '../scenario/load-scenario';
import { ScenarioFileError } from '../scenario/scenario-file-error';
import { formatSummary } from '../summary/format-summary';
import { connectionConfigs, type FleetSimRole } from './nats-identities';
import { RunCounters } from '../summary/run-counters';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export interface SimulationIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const STOP_GRACE_MS = 2000;

/**
 * One run: load and check the scenario, start the fleet, feed it load, inject the faults on schedule,
 * check the expectations, and stop gracefully when the duration is over or `stopRequested` resolves
 * (a signal). Returns the exit code: 0, 1 when an assertion did not hold or the run failed, 2 for bad input.
 */
export async function runSimulation(
  options: CliOptions,
  io: SimulationIo,
  stopRequested: Promise<unknown>,
): Promise<number> {
  let prepared;
  let configs;
  try {
    prepared = prepare(options);
    configs = connectionConfigs(options.natsUrl);
  } catch (error) {
    if (!(error instanceof ScenarioFileError) && !(error instanceof ConfigurationError)) throw error;
    io.err(error.message);
    return EXIT_BAD_INPUT;
  }
  const { scenario, layout, schedule } = prepared;
  // The scenario's clock (fault times, `after`) starts once every agent runs; startup is reported apart.
  let startedAt = Date.now();
  const report = (line: string): void => {
    if (!options.quiet) io.out(`[+${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}`);
  };
  const logger = createLogger({
    service: 'fleet-sim',
    instanceId: scenario.name,
    level: 'warn',
    destination: pino.destination({ dest: 2, sync: true }),
  });
  // Each role connects as its own NATS identity (host, agent, submitter, observer).
  const connect = (role: FleetSimRole, name: string = role): Promise<NatsClient> =>
    connectNats(configs[role], { name: `fleet-sim-${name}`, logger });
  const counters = new RunCounters();
  const conditions = new AgentConditions();
  const random = new SeededRandom(scenario.seed);

  report(
    `scenario ${scenario.name}: ${layout.agents.length} agents on ${layout.hosts.length} hosts in ${layout.zones.length} zones, ` +
      `${schedule.length} fault steps, ${scenario.durationMs > 0 ? formatDuration(scenario.durationMs) : 'until interrupted'}, NATS ${redactUrlCredentials(options.natsUrl)}`,
  );
  let fleet: Fleet;
  let assertClient: NatsClient | undefined;
  try {
    assertClient = options.assert ? await connect('observer', 'assertions') : undefined;
    fleet = await Fleet.start({
      layout,
      scenario,
      connect: (hostId: string) => connect('host', hostId),
      logger,
      conditions,
      counters,
      random,
      report,
    });
  } catch (error) {
    io.err(`fleet-sim could not start: ${(error as Error).message}`);
    await assertClient?.drain();
    return EXIT_FAILED;
  }
  report(
    `all ${layout.agents.length} agents started in ${formatDuration(Date.now() - startedAt)}; the scenario clock starts now`,
  );
  startedAt = Date.now();

  const load = new SyntheticLoad(() => fleet.liveAgents(), scenario.load, counters, random, report);
  const injector = new FaultInjector(schedule, fleet, conditions, counters, report);
  const checker = assertClient
    ? new ExpectationChecker(
        scenario.expectations,
        new HealthQueries(assertionMessaging(assertClient, logger)),
        report,
      )
    : undefined;
  const routed =
    scenario.load.routedTasksPerSecond > 0
      ? await RoutedLoad.start(() => connect('submitter'), scenario, logger, report).catch(
          (error: unknown) => {
            report(`routed load not started: ${(error as Error).message}`);
            return undefined;
          },
        )
      : undefined;
  const campaignClient = await connect('agent', 'campaigns');
  const campaigns = new ZoneCampaigns(campaignClient, fleet, layout, report);
  load.start();
  injector.start();
  checker?.start();
  campaigns.start();

  await Promise.race([stopRequested, ...(scenario.durationMs > 0 ? [delay(scenario.durationMs)] : [])]);
  const runMs = Date.now() - startedAt;
  report('stopping: every agent finishes its work and says stopped');
  load.stop();
  await routed?.stop();
  injector.stop();
  await campaigns.stop();
  await campaignClient.drain();
  const assertions: AssertionOutcome[] | undefined = checker?.finish(runMs);
  const liveAgents = fleet.liveAgents().length;
  await fleet.stop(STOP_GRACE_MS);
  await assertClient?.drain();

  io.out(
    formatSummary({
      scenario: scenario.name,
      agents: layout.agents.length,
      hosts: layout.hosts.length,
      zones: layout.zones.length,
      liveAgents,
      runMs,
      counters,
      assertions,
    }),
  );
  return assertions?.some((outcome) => !outcome.held) ? EXIT_FAILED : EXIT_OK;
}

function prepare(options: CliOptions) {
  const scenario = applyOverrides(loadScenarioFile(options.scenarioFile), options);
  const layout = new FleetLayout(scenario.fleet);
  const schedule = buildFaultSchedule(options.scenarioFile, scenario.faults, layout, scenario.seed);
  return { scenario, layout, schedule };
}

function assertionMessaging(client: NatsClient, logger: Logger): Messaging {
  return new Messaging(client, {
    service: 'fleet-sim',
    logger,
    metrics: new MetricsRegistry({
      service: 'fleet-sim',
      instanceId: 'assertions',
      collectProcessMetrics: false,
    }),
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
