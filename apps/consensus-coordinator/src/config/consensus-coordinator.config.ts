import { IsInt, Max, Min } from 'class-validator';
import { ServiceBaseConfig } from '@warden/telemetry';

/** The consensus coordinator's own variables; NATS_* come from messaging's NatsConnectionConfig. */
export class ConsensusCoordinatorConfig extends ServiceBaseConfig {
  override HTTP_PORT: number = 8085;

  /**
   * TTL of the replicas' own election (domain `consensus-coordinator`): the replica that wins serves
   * locks and barriers; a dead one is replaced after about this long.
   */
  @IsInt()
  @Min(500)
  @Max(600_000)
  COORDINATOR_LEASE_TTL_MS: number = 5_000;

  /** How long a proposer waits for one acceptor's promise or acceptance. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  PAXOS_ACCEPTOR_TIMEOUT_MS: number = 1_000;

  /** Ballots a proposal tries before answering `unavailable`. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  PAXOS_MAX_ATTEMPTS: number = 8;

  /** Upper bound of the random pause after a lost ballot. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  PAXOS_MAX_BACKOFF_MS: number = 100;

  /** How often expired lock holders, lock waits and barrier timeouts are looked for. */
  @IsInt()
  @Min(10)
  @Max(10_000)
  EXPIRY_SWEEP_MS: number = 100;
}
