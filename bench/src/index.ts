// Public surface: the framework a scenario is written against, for scenarios that later issues add.
export { FULL_PROFILE, QUICK_PROFILE, type BenchProfile } from './framework/bench-profile';
export { alternate, compareLatency, compareThroughput, type Trial } from './framework/compare-alternating';
export type { Goal } from './framework/goal';
export { METRICS, type MetricDefinition, type MetricName } from './framework/metric';
export type { Comparison, LatencyRepetition, Series, ThroughputRepetition } from './framework/repetition';
export type { Scenario, ScenarioContext } from './framework/scenario';
export { measureRoundTrips } from './workloads/measure-round-trips';
export { driveThroughput, type ThroughputRun } from './workloads/drive-throughput';
export { ReceiveCounter, DeliveryTimeoutError } from './workloads/receive-counter';
export { withNatsServer } from './workloads/with-nats-server';
export * from './statistics';
export type * from './report/run-report';
