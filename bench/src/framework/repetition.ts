/** One latency repetition: the round-trip time of each request, in the order they were sent. */
export interface LatencyRepetition {
  latenciesMs: number[];
}

/** One throughput repetition: how many messages went end to end and how long that took. */
export interface ThroughputRepetition {
  messages: number;
  elapsedMs: number;
}

/** One side of a comparison (the subject or its baseline): what it is and what each repetition measured. */
export interface Series<R> {
  label: string;
  repetitions: R[];
}

/** Both sides of a scenario, measured alternately in the same run. */
export type Comparison =
  | { kind: 'latency'; baseline: Series<LatencyRepetition>; subject: Series<LatencyRepetition> }
  | { kind: 'throughput'; baseline: Series<ThroughputRepetition>; subject: Series<ThroughputRepetition> };

export type ComparisonKind = Comparison['kind'];
