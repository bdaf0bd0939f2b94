import { hostname } from 'node:os';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { LOG_LEVELS, type LogLevel } from '../logging/log-level';

/** Instance ids end up in subjects and consumer names, so they follow the contracts' token rule. */
const INSTANCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 128);
}

/**
 * Variables every service reads. A service's own config class extends this one and may override a
 * default (e.g. its own HTTP_PORT) with a property initialiser.
 */
export class ServiceBaseConfig {
  /** Port of /healthz, /readyz and /metrics. Fixed by default because Kubernetes probes name a port; 0 picks a free one (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT: number = 8080;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @Matches(INSTANCE_ID_PATTERN, { message: 'must be 1-128 characters from [A-Za-z0-9_-]' })
  SERVICE_INSTANCE_ID: string = defaultInstanceId();

  /** Time allowed for a graceful shutdown before the process exits anyway; below Kubernetes' default 30 s grace period. */
  @IsInt()
  @Min(1)
  SHUTDOWN_TIMEOUT_MS: number = 20000;
}
