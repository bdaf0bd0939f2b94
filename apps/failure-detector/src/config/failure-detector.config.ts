import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ServiceBaseConfig } from '@warden/telemetry';

/** The failure detector's own variables; NATS_* come from messaging's NatsConnectionConfig. */
export class FailureDetectorConfig extends ServiceBaseConfig {
  override HTTP_PORT: number = 8082;

  /** A YAML or JSON file overriding parts of the detection rules (see the README); defaults otherwise. */
  @IsOptional()
  @IsString()
  DETECTION_RULES_FILE?: string;

  /** How often φ is evaluated for every agent: the most a conviction can lag behind the crossing. */
  @IsInt()
  @Min(10)
  @Max(10_000)
  TICK_INTERVAL_MS: number = 100;

  /**
   * A convicted or stopped agent silent this long is forgotten, and a registry record older than this is
   * not taken over with a partition (it was convicted long ago, or the detector was not running then).
   */
  @IsInt()
  @Min(60_000)
  FORGET_AFTER_MS: number = 3_600_000;
}
