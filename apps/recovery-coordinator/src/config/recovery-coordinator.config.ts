import { IsOptional, IsString } from 'class-validator';
import { ServiceBaseConfig } from '@warden/telemetry';

/** The recovery coordinator's own variables; NATS_* come from messaging's NatsConnectionConfig. */
export class RecoveryCoordinatorConfig extends ServiceBaseConfig {
  override HTTP_PORT: number = 8083;

  /** A YAML or JSON file with the recovery policy (see the README); the documented defaults otherwise. */
  @IsOptional()
  @IsString()
  RECOVERY_POLICY_FILE?: string;
}
