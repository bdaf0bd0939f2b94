import { trace, type Tracer } from '@opentelemetry/api';

/** A tracer from the global provider; it resolves the provider lazily, so it may be taken before initTelemetry. */
export function getTracer(name: string, version?: string): Tracer {
  return trace.getTracer(name, version);
}
