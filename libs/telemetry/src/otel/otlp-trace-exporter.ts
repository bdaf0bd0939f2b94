import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtlpTracesProtocol } from './otlp-traces-protocol';

/** The OTLP/HTTP exporter for the configured encoding; both post to the same `/v1/traces` URL. */
export function otlpTraceExporter(protocol: OtlpTracesProtocol, url: string): SpanExporter {
  return protocol === 'http/json'
    ? new OtlpJsonTraceExporter({ url })
    : new OtlpProtobufTraceExporter({ url });
}
