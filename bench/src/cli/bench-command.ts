import { parseArgs } from 'node:util';

export interface BenchCommand {
  quick: boolean;
  /** Case-insensitive substrings; a scenario runs when its name contains any of them (all when empty). */
  filters: string[];
  outDir: string;
  list: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--filter <name>]... [--out <dir>]

  --quick          fewer messages and repetitions: proves every scenario runs (under two minutes)
  --filter <name>  run only scenarios whose name contains <name>; repeatable
  --out <dir>      where latest.json, latest.md and the timestamped JSON go (default bench/results)
  --list           print the scenario names and exit
  --help           print this help and exit`;

/** A command line the bench cannot run with; the message says which argument and why. */
export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

export function parseBenchArgs(args: readonly string[], defaultOutDir: string): BenchCommand {
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean', default: false },
        filter: { type: 'string', multiple: true, default: [] },
        out: { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const filters = values.filter.map((filter) => filter.trim()).filter((filter) => filter.length > 0);
    if (values.filter.length > 0 && filters.length === 0)
      throw new BenchUsageError('--filter needs a non-empty name');
    return {
      quick: values.quick,
      filters,
      outDir: values.out ?? defaultOutDir,
      list: values.list,
      help: values.help,
    };
  } catch (error) {
    if (error instanceof BenchUsageError) throw error;
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
}
