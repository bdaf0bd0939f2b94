import { DuplicateReadinessCheckError } from './duplicate-readiness-check-error';
import type {
  ReadinessCheck,
  ReadinessCheckResult,
  ReadinessCheckStatus,
  ReadinessReport,
} from './readiness-check';

const SHUTDOWN_CHECK = 'shutdown';

/**
 * The checks behind /readyz. Modules register what they need (NATS connected, streams ready,
 * partitions owned); the replica is ready only when every check passes.
 */
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  /** @param checkTimeoutMs a check slower than this fails, so a stuck dependency cannot stall the probe. */
  constructor(private readonly checkTimeoutMs = 2000) {}

  /** @returns a function that removes the check again. */
  register(name: string, check: ReadinessCheck): () => void {
    if (this.checks.has(name) || name === SHUTDOWN_CHECK) throw new DuplicateReadinessCheckError(name);
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) this.checks.delete(name);
    };
  }

  /** From now on the replica reports not ready, so load balancers stop sending it work while it drains. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async evaluate(): Promise<ReadinessReport> {
    const statuses = await Promise.all([...this.checks].map(([name, check]) => this.run(name, check)));
    const checks = this.shuttingDown
      ? [{ name: SHUTDOWN_CHECK, ready: false, detail: 'shutting down' }, ...statuses]
      : statuses;
    return { ready: checks.every((status) => status.ready), checks };
  }

  private async run(name: string, check: ReadinessCheck): Promise<ReadinessCheckStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ReadinessCheckResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ready: false, detail: `no answer within ${this.checkTimeoutMs} ms` }),
        this.checkTimeoutMs,
      );
      timer.unref();
    });
    try {
      const result = await Promise.race([Promise.resolve().then(check), timeout]);
      return typeof result === 'boolean' ? { name, ready: result } : { name, ...result };
    } catch (error) {
      return { name, ready: false, detail: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
