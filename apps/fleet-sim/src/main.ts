import { initTelemetryOrExit } from '@warden/telemetry';
import { hostname } from 'node:os';
import { CliUsageError, parseCliOptions } from './cli/cli-options';
import { EXIT_BAD_INPUT, EXIT_FAILED, runSimulation } from './run/simulation';

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      resolve(signal);
      // A second Ctrl-C means "now": skip the graceful stop.
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  return runSimulation(
    options,
    { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) },
    stopSignal(),
  );
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };
// Like a service: the agents' heartbeat, task and host-command spans export to OTEL_EXPORTER_OTLP_ENDPOINT.
const telemetry = initTelemetryOrExit({
  serviceName: 'fleet-sim',
  serviceVersion: version,
  instanceId: process.env['SERVICE_INSTANCE_ID'] || `fleet-sim-${hostname()}-${process.pid}`,
});

main().then(
  // The last spans (the final heartbeats, the stop) are flushed before the process ends.
  (code) => void telemetry.shutdown().finally(() => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(
      `fleet-sim failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(EXIT_FAILED);
  },
);
