/**
 * The OTLP/HTTP traces URL the standard variables ask for, or undefined when export is not wanted.
 * Mirrors the OpenTelemetry spec: the signal-specific endpoint is used as is, the generic one gets
 * `/v1/traces` appended, and `OTEL_TRACES_EXPORTER=none` turns export off.
 */
export function otlpTracesEndpoint(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase() === 'none') return undefined;
  const tracesEndpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  if (tracesEndpoint) return tracesEndpoint;
  const baseEndpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (baseEndpoint) return `${baseEndpoint.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

export function isSdkDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true';
}
