import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_SCENARIO = 'apps/fleet-sim/scenarios/mixed.yaml';
export const DEFAULT_AGENTS = 100;

/** What `npm start` was asked to run. */
export interface StartOptions {
  /** Absolute path of the fleet-sim scenario file. */
  scenario: string;
  /** True when the scenario is the default one, which may not exist yet; a chosen one must. */
  scenarioIsDefault: boolean;
  agents: number;
  /** An existing NATS server to use (from --nats-url or NATS_URL); absent means start a local one. */
  natsUrl?: string;
  /** Print a one-line summary every few seconds instead of the live view. */
  plainOutput: boolean;
}

export type StartCommand = { kind: 'run'; options: StartOptions } | { kind: 'help' };

/** A bad command line; main prints the message and the usage and exits 2. */
export class StartUsageError extends Error {
  override readonly name = 'StartUsageError';
}

export const START_USAGE = `Usage: npm start -- [options]

Starts NATS (or uses NATS_URL), every built Warden service, fleet-sim, and a live view of the fleet.

Options:
  --scenario <file>   fleet-sim scenario (default ${DEFAULT_SCENARIO})
  --agents <n>        number of simulated agents (default ${DEFAULT_AGENTS})
  --nats-url <url>    use this NATS server (needs JetStream) instead of starting one; NATS_URL works too
  --no-view           print a one-line summary every 5 s instead of the live view
  --help              show this help

Logs: tmp/logs/<process>.log. Ctrl-C stops everything (press it twice to force).`;

/**
 * Reads the command line. `root` is the repository root (the default scenario lives there); a relative
 * --scenario is taken from the current directory, as a shell user expects.
 */
export function parseStartCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  root: string,
): StartCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scenario: { type: 'string' },
        agents: { type: 'string' },
        'nats-url': { type: 'string' },
        view: { type: 'boolean', default: true },
        help: { type: 'boolean', default: false },
      },
      allowNegative: true,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new StartUsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };

  const scenarioIsDefault = values.scenario === undefined;
  const scenario = scenarioIsDefault ? resolve(root, DEFAULT_SCENARIO) : resolve(values.scenario as string);
  if (!scenarioIsDefault && !existsSync(scenario))
    throw new StartUsageError(`--scenario: no such file ${scenario}`);

  const natsUrl = nonEmpty(values['nats-url']) ?? nonEmpty(env.NATS_URL);
  return {
    kind: 'run',
    options: {
      scenario,
      scenarioIsDefault,
      agents: values.agents === undefined ? DEFAULT_AGENTS : parseAgentCount(values.agents),
      natsUrl,
      plainOutput: !values.view,
    },
  };
}

function parseAgentCount(raw: string): number {
  const agents = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(agents) || agents < 1) {
    throw new StartUsageError(`--agents: expected a positive whole number, got "${raw}"`);
  }
  return agents;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
