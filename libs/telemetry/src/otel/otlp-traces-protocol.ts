import { ConfigurationError } from '../config/configuration-error';

/** The OTLP transports this process can export traces with (both over HTTP; gRPC is not bundled). */
export const OTLP_TRACES_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpTracesProtocol = (typeof OTLP_TRACES_PROTOCOLS)[number];

/** The OpenTelemetry spec's default, and what an OpenTelemetry Collector or Jaeger expects on port 4318. */
export const DEFAULT_OTLP_TRACES_PROTOCOL: OtlpTracesProtocol = 'http/protobuf';

const SIGNAL_VARIABLE = 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL';
const GENERIC_VARIABLE = 'OTEL_EXPORTER_OTLP_PROTOCOL';

/**
 * The protocol the standard variables ask for: the traces-specific variable wins over the generic one,
 * as the spec says. Anything else (`grpc` included) is a ConfigurationError naming the variable, because
 * silently exporting another way would send spans where nothing listens for them.
 */
export function otlpTracesProtocol(env: Readonly<Record<string, string | undefined>>): OtlpTracesProtocol {
  for (const variable of [SIGNAL_VARIABLE, GENERIC_VARIABLE]) {
    const raw = env[variable];
    const value = raw?.trim().toLowerCase();
    if (!value) continue;
    if ((OTLP_TRACES_PROTOCOLS as readonly string[]).includes(value)) return value as OtlpTracesProtocol;
    throw new ConfigurationError('OTLP trace exporter', [
      {
        variable,
        shownValue: JSON.stringify(raw),
        reasons: [`must be one of ${OTLP_TRACES_PROTOCOLS.join(', ')} (grpc is not supported)`],
      },
    ]);
  }
  return DEFAULT_OTLP_TRACES_PROTOCOL;
}
