import { parseArgs } from 'node:util';
import { parseDuration } from '../scenario/duration';

export interface CliOptions {
  scenarioFile: string;
  agents?: number;
  hosts?: number;
  zones?: number;
  natsUrl: string;
  durationMs?: number;
  assert: boolean;
  quiet: boolean;
}

export const USAGE = `usage: node apps/fleet-sim/dist/main.js --scenario <file> [--agents N] [--hosts H] [--zones Z]
       [--nats-url URL] [--duration 60s] [--assert] [--quiet]`;

/** A command line that cannot be run; the message says which option and why. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'CliUsageError';
  }
}

const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        agents: { type: 'string' },
        hosts: { type: 'string' },
        zones: { type: 'string' },
        'nats-url': { type: 'string' },
        duration: { type: 'string' },
        assert: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (!values.scenario) throw new CliUsageError('--scenario <file> is required');
  return {
    scenarioFile: values.scenario,
    agents: positiveInteger('--agents', values.agents),
    hosts: positiveInteger('--hosts', values.hosts),
    zones: positiveInteger('--zones', values.zones),
    natsUrl: values['nats-url'] ?? env.NATS_URL ?? DEFAULT_NATS_URL,
    durationMs: values.duration === undefined ? undefined : durationOption(values.duration),
    assert: values.assert ?? false,
    quiet: values.quiet ?? false,
  };
}

function positiveInteger(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1)
    throw new CliUsageError(`${option} must be a positive integer, got "${value}"`);
  return number;
}

function durationOption(value: string): number {
  try {
    return parseDuration(/^\d+$/.test(value) ? Number(value) : value);
  } catch (error) {
    throw new CliUsageError(`--duration: ${(error as Error).message}`);
  }
}
