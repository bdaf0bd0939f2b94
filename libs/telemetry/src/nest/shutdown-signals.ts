import type { Logger } from 'pino';
import type { ServiceShutdown } from './service-shutdown';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Runs the graceful shutdown on SIGTERM/SIGINT and exits when it is done, or after `timeoutMs` at
 * the latest so a stuck hook cannot outlive the orchestrator's grace period. A second signal exits
 * at once (an operator pressing Ctrl-C twice means it).
 *
 * Nest's enableShutdownHooks is not used because it runs the hooks before anything could mark the
 * replica unready or arm the deadline, and has no step after the last hook to flush spans.
 *
 * @returns a function that removes the signal handlers again.
 */
export function exitGracefullyOnSignals(
  shutdown: ServiceShutdown,
  logger: Logger,
  timeoutMs: number,
): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdown.started) {
      logger.warn({ signal }, 'second shutdown signal; exiting now');
      logger.flush();
      process.exit(1);
    }
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs }, 'graceful shutdown timed out; exiting');
      logger.flush();
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    shutdown
      .run(signal)
      .finally(() => clearTimeout(deadline))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'graceful shutdown failed');
          logger.flush();
          process.exit(1);
        },
      );
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) process.off(signal, onSignal);
  };
}
