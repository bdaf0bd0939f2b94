/**
 * A configuration file that cannot be used: names the file and the path of the bad field
 * (`groups[1].backoff.factor`), so a bad file stops startup with a message an operator can act on.
 * Each service subclasses it to say which file it was (recovery policy, alerting configuration).
 */
export class ConfigFileError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}: ${field} ${problem}`);
    this.name = 'ConfigFileError';
  }
}

export type ConfigFileErrorFactory = (source: string, field: string, problem: string) => ConfigFileError;
