import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { otlpTraceExporter } from './otlp-trace-exporter';
import { isSdkDisabled, otlpTracesEndpoint } from './otlp-traces-endpoint';
import { otlpTracesProtocol, type OtlpTracesProtocol } from './otlp-traces-protocol';
import { TelemetryAlreadyInitializedError } from './telemetry-errors';

/** Still incubating in semantic-conventions 1.45, so spelled out rather than imported from the unstable entry. */
const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';

export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly instanceId: string;
  /** Extra processors, e.g. a SimpleSpanProcessor over an InMemorySpanExporter in tests. */
  readonly spanProcessors?: readonly SpanProcessor[];
}

export interface Telemetry {
  /** Undefined when OTEL_SDK_DISABLED=true: the API then hands out no-op spans that pass incoming context through. */
  readonly tracerProvider: NodeTracerProvider | undefined;
  readonly resource: Resource;
  /** The OTLP traces URL spans are exported to, if any. */
  readonly exportEndpoint: string | undefined;
  /** How spans are encoded for that URL (OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL); undefined when disabled. */
  readonly exportProtocol: OtlpTracesProtocol | undefined;
  forceFlush(): Promise<void>;
  /** Flushes pending spans and unregisters the globals, so telemetry can be initialised again. */
  shutdown(): Promise<void>;
}

let initialised = false;

/**
 * Registers tracing for this process: a NodeTracerProvider, AsyncLocalStorage context and the W3C
 * trace-context + baggage propagators. Propagation is registered even when nothing is exported or
 * the SDK is disabled, so a trace that arrives in a message still continues in the messages sent
 * while handling it. Reads the standard OTEL_* variables from process.env, as the exporter does; an
 * unsupported OTLP protocol throws a ConfigurationError naming its variable (initTelemetryOrExit).
 * Sampling follows OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (default parentbased_always_on).
 */
export function initTelemetry(options: TelemetryOptions): Telemetry {
  if (initialised) throw new TelemetryAlreadyInitializedError(options.serviceName);

  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName,
    [ATTR_SERVICE_VERSION]: options.serviceVersion,
    [ATTR_SERVICE_INSTANCE_ID]: options.instanceId,
    // The environment wins over code, as the OpenTelemetry spec asks for OTEL_SERVICE_NAME.
  }).merge(detectResources({ detectors: [envDetector] }));

  const disabled = isSdkDisabled(process.env);
  // Validated before anything is registered, so a refused configuration leaves no globals behind.
  const exportProtocol = disabled ? undefined : otlpTracesProtocol(process.env);
  const exportEndpoint = disabled ? undefined : otlpTracesEndpoint(process.env);
  const tracerProvider = disabled
    ? undefined
    : new NodeTracerProvider({
        resource,
        spanProcessors: [
          ...(exportEndpoint && exportProtocol
            ? [new BatchSpanProcessor(otlpTraceExporter(exportProtocol, exportEndpoint))]
            : []),
          ...(options.spanProcessors ?? []),
        ],
      });
  registerGlobals(options.serviceName, tracerProvider);
  initialised = true;

  return {
    tracerProvider,
    resource,
    exportEndpoint,
    exportProtocol,
    forceFlush: async () => {
      await tracerProvider?.forceFlush();
    },
    shutdown: async () => {
      try {
        await tracerProvider?.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
        initialised = false;
      }
    },
  };
}

/** Registers context, propagation and tracing globally; on a conflict, undoes its own part and throws. */
function registerGlobals(serviceName: string, tracerProvider: NodeTracerProvider | undefined): void {
  const undo: Array<() => void> = [];
  const steps: Array<[register: () => boolean, unregister: () => void]> = [
    [
      () => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()),
      () => context.disable(),
    ],
    [
      () =>
        propagation.setGlobalPropagator(
          new CompositePropagator({
            propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
          }),
        ),
      () => propagation.disable(),
    ],
    [
      () => tracerProvider === undefined || trace.setGlobalTracerProvider(tracerProvider),
      () => trace.disable(),
    ],
  ];
  for (const [register, unregister] of steps) {
    if (!register()) {
      // Other code registered OpenTelemetry globals first; ours would be ignored without a word.
      undo.reverse().forEach((step) => step());
      throw new TelemetryAlreadyInitializedError(serviceName);
    }
    undo.push(unregister);
  }
}
