import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceBaseConfig } from '@warden/telemetry';

const TOKEN = '[A-Za-z0-9_-]{1,128}';
const STRATEGY = `(p2c|weighted|round-robin|least-loaded|consistent-hash|preference:${TOKEN}(\\|${TOKEN})*)`;
const STRATEGY_ENTRY = `${TOKEN}=${STRATEGY}`;
export const TASK_STRATEGIES_PATTERN = new RegExp(`^(${STRATEGY_ENTRY})(,${STRATEGY_ENTRY})*$`);
const WEIGHT_ENTRY = '(cpu|memory|inFlight|latency|errors)=[0-9]+(\\.[0-9]+)?';
export const LOAD_SCORE_WEIGHTS_PATTERN = new RegExp(`^${WEIGHT_ENTRY}(,${WEIGHT_ENTRY})*$`);

/** The load balancer's own variables; NATS_* come from messaging's NatsConnectionConfig. */
export class LoadBalancerConfig extends ServiceBaseConfig {
  override HTTP_PORT: number = 8084;

  /**
   * Strategy per task type, `type=strategy` comma-separated; P2C for types not listed. Strategies:
   * p2c, weighted, round-robin, least-loaded, consistent-hash, preference:agentA|agentB.
   */
  @IsOptional()
  @IsString()
  @Matches(TASK_STRATEGIES_PATTERN, {
    message:
      'must be type=strategy[,type=strategy…] with p2c, weighted, round-robin, least-loaded, consistent-hash or preference:a|b',
  })
  TASK_STRATEGIES?: string;

  /** Weights of the `weighted` strategy's load score, e.g. `cpu=1,memory=0.5,inFlight=2,latency=1,errors=2`. */
  @IsOptional()
  @IsString()
  @Matches(LOAD_SCORE_WEIGHTS_PATTERN, {
    message: 'must be factor=number[,…] with cpu, memory, inFlight, latency, errors',
  })
  LOAD_SCORE_WEIGHTS?: string;

  @IsInt() @Min(1) @Max(1000) BREAKER_CONSECUTIVE_FAILURES: number = 5;
  @IsNumber() @Min(0.01) @Max(1) BREAKER_FAILURE_RATIO: number = 0.5;
  @IsInt() @Min(1) BREAKER_MINIMUM_CALLS: number = 10;
  @IsInt() @Min(100) BREAKER_BASE_OPEN_MS: number = 5_000;
  @IsInt() @Min(100) BREAKER_MAX_OPEN_MS: number = 300_000;
  @IsInt() @Min(1) @Max(100) BREAKER_HALF_OPEN_TRIALS: number = 3;

  /** Retries as a share of first attempts over 10 s (Envoy's retry budget). */
  @IsNumber() @Min(0) @Max(10) RETRY_BUDGET_RATIO: number = 0.2;

  @IsInt() @Min(0) SLOW_START_MS: number = 10_000;
  @IsNumber() @Min(0) @Max(1) PANIC_THRESHOLD: number = 0.5;
  @IsInt() @Min(100) AGENT_STALE_AFTER_MS: number = 5_000;
  @IsInt() @Min(10) DISPATCH_RECEIPT_TIMEOUT_MS: number = 2_000;
  @IsInt() @Min(1) WAIT_QUEUE_LIMIT: number = 10_000;

  /** Durable submissions handled at once by this replica (each holds its message until the result). */
  @IsInt() @Min(1) @Max(10_000) DURABLE_CONCURRENCY: number = 512;

  /**
   * Ack wait of the durable submissions. The replica running one confirms it every third of this, so
   * it bounds how long a dead replica's durable tasks wait before another replica takes them over.
   */
  @IsInt() @Min(1_000) @Max(3_600_000) DURABLE_ACK_WAIT_MS: number = 30_000;
}
