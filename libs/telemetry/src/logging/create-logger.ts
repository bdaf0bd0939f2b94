import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './log-level';
import { traceContextMixin } from './trace-context-mixin';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly service: string;
  readonly instanceId: string;
  /** Callers pass their validated LOG_LEVEL; defaults to info. */
  readonly level?: LogLevel;
  /** Defaults to a synchronous stdout writer, so nothing is lost when the process exits. */
  readonly destination?: DestinationStream;
}

/** A JSON-lines logger; every line carries service, instance and the active span's trace_id/span_id. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, instance: options.instanceId, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names rather than numbers: log pipelines and people filter on "error", not 50.
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceContextMixin,
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
