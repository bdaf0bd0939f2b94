import { IsOptional, IsString } from 'class-validator';
import { ServiceBaseConfig } from '@warden/telemetry';

/** The alert manager's own variables; NATS_* come from messaging's NatsConnectionConfig. */
export class AlertManagerConfig extends ServiceBaseConfig {
  override HTTP_PORT: number = 8086;

  /** A YAML (or JSON) alerting file: routes, receivers, inhibitions, escalation policies. The shipped default otherwise. */
  @IsOptional()
  @IsString()
  ALERT_MANAGER_CONFIG_FILE?: string;
}
