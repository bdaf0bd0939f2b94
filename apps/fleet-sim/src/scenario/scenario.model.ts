import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HEALTH_STATES, ID_TOKEN_PATTERN, type HealthState } from '@warden/contracts';
import { IsDuration } from './duration-field';

export const FAULT_KINDS = [
  'crash',
  'hang',
  'slow',
  'error-burst',
  'flapping',
  'memory-leak',
  'zone-outage',
  'host-partition',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Time fields accept a number of ms or a string with a unit; they are numbers of ms once loaded. */
export type DurationValue = number | string;

export class FleetSection {
  @IsInt() @Min(1) @Max(100_000) agents!: number;
  @IsInt() @Min(1) @Max(10_000) hosts!: number;
  @IsInt() @Min(1) @Max(1000) zones!: number;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(32)
  @Matches(ID_TOKEN_PATTERN, { each: true })
  capabilities!: string[];
  @IsInt() @Min(1) @Max(10_000) capacity!: number;
  @IsDuration() heartbeatIntervalMs!: DurationValue;
  @IsDuration() restartDelayMs!: DurationValue;
}

export class TaskDurationSection {
  @IsNumber() @Min(0) mean!: number;
  @IsNumber() @Min(0) @Max(1) jitterRatio!: number;
}

export class LoadSection {
  @IsNumber() @Min(0) @Max(1000) tasksPerAgentPerSecond!: number;
  @ValidateNested() @Type(() => TaskDurationSection) taskDurationMs!: TaskDurationSection;
  /** How long a synthetic task may run before it times out (a hung agent's tasks end this way); default 30 s. */
  @IsOptional() @IsDuration() taskTimeoutMs?: DurationValue;
  /**
   * Tasks per second submitted through the load balancer (request/reply on
   * `coordination.tasks.request.synthetic`) on top of the agents' own synthetic load; default 0.
   */
  @IsOptional() @IsNumber() @Min(0) @Max(100_000) routedTasksPerSecond?: number;
}

export class FaultTarget {
  @IsOptional() @IsArray() @ArrayMinSize(1) @Matches(ID_TOKEN_PATTERN, { each: true }) agents?: string[];
  @IsOptional() @IsInt() @Min(1) count?: number;
  @IsOptional() @Matches(ID_TOKEN_PATTERN) zone?: string;
  @IsOptional() @Matches(ID_TOKEN_PATTERN) host?: string;
}

export class FaultSection {
  @IsDuration() at!: DurationValue;
  @IsIn(FAULT_KINDS) kind!: FaultKind;
  @ValidateNested() @Type(() => FaultTarget) target!: FaultTarget;
  @IsOptional() @IsDuration() duration?: DurationValue;
  /** Kind-specific numbers or durations (factor, errorRatio, period, startBytes, limitBytes). */
  @IsOptional() @IsObject() params?: Record<string, number | string>;
}

export class ExpectationSection {
  @IsDuration() after!: DurationValue;
  /** How long after `after` the outcome may take to appear; default 5 s. */
  @IsOptional() @IsDuration() within?: DurationValue;
  @IsOptional() @Matches(ID_TOKEN_PATTERN) agent?: string;
  @IsOptional() @Matches(ID_TOKEN_PATTERN) zone?: string;
  /** With `zone` or alone: at least this many agents in `state`; without it, every agent in the scope. */
  @IsOptional() @IsInt() @Min(0) count?: number;
  @IsIn(HEALTH_STATES) state!: HealthState;
}

export class ScenarioDocument {
  @IsString() @Matches(ID_TOKEN_PATTERN) name!: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  /** Seeds the choice of `count` targets and task jitter, so a scenario is reproducible. */
  @IsOptional() @IsInt() @Min(0) seed?: number;
  @ValidateNested() @Type(() => FleetSection) fleet!: FleetSection;
  @ValidateNested() @Type(() => LoadSection) load!: LoadSection;
  @IsDuration() duration!: DurationValue;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => FaultSection)
  faults?: FaultSection[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ExpectationSection)
  expect?: ExpectationSection[];
}
