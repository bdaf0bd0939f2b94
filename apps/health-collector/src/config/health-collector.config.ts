import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ServiceBaseConfig } from '@warden/telemetry';

/** The health collector's own variables; NATS_* come from messaging's NatsConnectionConfig. */
export class HealthCollectorConfig extends ServiceBaseConfig {
  override HTTP_PORT: number = 8081;

  /** How often silent agents are looked for; the delay between a missed deadline and `unresponsive`. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  SWEEP_INTERVAL_MS: number = 250;

  /** How often records due for a rewrite are written to the registry bucket (state changes are written at once). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  SNAPSHOT_INTERVAL_MS: number = 1_000;

  /** A record is rewritten at least this often even when its figures barely move. */
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  SNAPSHOT_MAX_AGE_MS: number = 30_000;

  /** How long an agent that announced `stopped` stays in the registry before it is forgotten. */
  @IsInt()
  @Min(0)
  STOPPED_RETENTION_MS: number = 3_600_000;

  /** A YAML or JSON file overriding parts of the health thresholds (see the README); defaults otherwise. */
  @IsOptional()
  @IsString()
  HEALTH_THRESHOLDS_FILE?: string;
}
