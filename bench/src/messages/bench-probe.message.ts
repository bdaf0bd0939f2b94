import { MessageType } from '@warden/contracts';
import { IsIn, IsInt, IsNumber, IsString, Matches, Max, Min } from 'class-validator';

/**
 * The bench's 117-byte body (`BENCH_MESSAGE`) as a Warden message class, so libs/messaging carries
 * exactly the bytes the raw baseline carries and the ratio shows the library's cost alone.
 */
@MessageType('warden.bench.probe.v1', { maxBytes: 1024 })
export class BenchProbe {
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,128}$/) agentId!: string;
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,128}$/) hostId!: string;
  @IsInt() @Min(0) sequence!: number;
  @IsNumber() @Min(0) @Max(1) cpuRatio!: number;
  @IsInt() @Min(0) memoryBytes!: number;
  @IsIn(['starting', 'ready', 'draining', 'stopping', 'stopped']) status!: string;
}
