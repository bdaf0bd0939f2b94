/** A pattern setting that is missing, unknown or out of range; names the field and where it came from. */
export class PatternSettingsError extends Error {
  override readonly name = 'PatternSettingsError';

  constructor(
    readonly field: string,
    readonly reason: string,
    /** The file or environment variable the value came from. */
    readonly source: string,
  ) {
    super(`Invalid pattern setting ${field} (from ${source}): ${reason}`);
  }
}
