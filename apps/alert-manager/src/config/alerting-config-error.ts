/** An alerting configuration that cannot be used; names the file and the path of the bad field. */
export class AlertingConfigError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}: ${field} ${problem}`);
    this.name = 'AlertingConfigError';
  }
}
