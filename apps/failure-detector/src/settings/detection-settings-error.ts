/** A detection rules file that cannot be used; names the file and the field. */
export class DetectionSettingsError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}: ${field} ${problem}`);
    this.name = 'DetectionSettingsError';
  }
}
