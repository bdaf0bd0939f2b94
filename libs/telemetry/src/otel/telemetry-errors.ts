/** OpenTelemetry's globals can be registered once per process; a second init would silently do nothing. */
export class TelemetryAlreadyInitializedError extends Error {
  override readonly name = 'TelemetryAlreadyInitializedError';

  constructor(readonly serviceName: string) {
    super(
      `Telemetry is already initialised in this process; shut it down before initialising it for ${serviceName}`,
    );
  }
}
