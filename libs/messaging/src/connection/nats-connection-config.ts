// Decorator metadata (design:type, which turns JETSTREAM_REPLICAS="3" into a number) is only recorded when
// reflect-metadata is loaded before this class is defined; a service's main imports messaging first.
import 'reflect-metadata';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** Comma-separated `nats://`, `tls://` or bare `host:port` entries (the Node client speaks no WebSocket). */
const SERVER_LIST_PATTERN = /^\s*((nats|tls):\/\/)?[^\s,]+(\s*,\s*((nats|tls):\/\/)?[^\s,]+)*\s*$/;

/**
 * How to reach NATS, read from environment variables by telemetry's `loadConfig` (each property is
 * the variable of the same name). Only one authentication method should be set; when several are,
 * the server decides which it accepts.
 */
export class NatsConnectionConfig {
  @Matches(SERVER_LIST_PATTERN, { message: 'must be a comma-separated list of NATS server URLs' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsOptional()
  @IsString()
  @MinLength(1)
  NATS_USER?: string;

  @IsOptional()
  @IsString()
  NATS_PASSWORD?: string;

  @IsOptional()
  @IsString()
  NATS_TOKEN?: string;

  /** A `.creds` file (JWT plus nkey seed), as issued by `nsc` for operator-mode accounts. */
  @IsOptional()
  @IsString()
  NATS_CREDS_FILE?: string;

  /** A file holding an nkey user seed (`SU...`). */
  @IsOptional()
  @IsString()
  NATS_NKEY_SEED_FILE?: string;

  @IsOptional()
  @IsString()
  NATS_TLS_CA_FILE?: string;

  @IsOptional()
  @IsString()
  NATS_TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  NATS_TLS_KEY_FILE?: string;

  /** Replicas of the streams and buckets this service provisions: 1 locally, 3 in a cluster. */
  @IsInt()
  @Min(1)
  @Max(5)
  JETSTREAM_REPLICAS: number = 1;

  /** How often each durable consumer's lag gauges (warden_consumer_*_messages) are read from consumer info. */
  @IsInt()
  @Min(100)
  @Max(300_000)
  CONSUMER_LAG_INTERVAL_MS: number = 5000;

  get servers(): string[] {
    return this.NATS_URL.split(',')
      .map((server) => server.trim())
      .filter((server) => server.length > 0);
  }
}
