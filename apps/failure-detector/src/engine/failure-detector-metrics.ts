import type { FailureType, Severity } from '@warden/contracts';
import type { MetricsRegistry } from '@warden/telemetry';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { HeartbeatAdmission } from '@warden/contracts';
import type { MonitoredAgent } from '../detection/monitored-agent';
import type { LagSummary } from '../self-health/event-loop-lag';
import type { Stall } from '../self-health/stall-log';

/**
 * What an operator watches on a detector: convictions and suspicions, false positives (so the
 * threshold can be tuned on evidence), how long φ evaluation and emission take, the detector's own
 * health (event-loop lag, stalls), and its share of the fleet.
 */
export class FailureDetectorMetrics {
  private readonly convictions: Counter<string>;
  private readonly suspicions: Counter<string>;
  private readonly falsePositives: Counter<string>;
  private readonly publishErrors: Counter<string>;
  private readonly heartbeats: Counter<string>;
  private readonly deadLetterOverflows: Counter<string>;
  private readonly evaluation: Histogram<string>;
  private readonly emission: Histogram<string>;
  private readonly lag: Gauge<string>;
  private readonly stalls: Counter<string>;
  private readonly stallSeconds: Counter<string>;
  private readonly partitions: Gauge<string>;
  private readonly agents: Gauge<string>;
  /** Heartbeat outcomes counted here and added to the counter once a second: a labelled increment per beat costs more than the beat. */
  private readonly pendingHeartbeats = new Map<HeartbeatAdmission | 'invalid', number>();

  constructor(metrics: MetricsRegistry) {
    this.convictions = metrics.counter({
      name: 'warden_failure_convictions_total',
      help: 'Failures published, by failure type and severity',
      labelNames: ['failure_type', 'severity'],
    });
    this.suspicions = metrics.counter({
      name: 'warden_failure_suspicions_total',
      help: 'Agents whose φ crossed the suspect threshold',
    });
    this.falsePositives = metrics.counter({
      name: 'warden_failure_false_positives_total',
      help: 'Convicted agents that beat again with the same incarnation (the conviction was wrong)',
      labelNames: ['failure_type'],
    });
    this.publishErrors = metrics.counter({
      name: 'warden_failure_publish_errors_total',
      help: 'Failures or suspicions that could not be published',
      labelNames: ['kind'],
    });
    this.heartbeats = metrics.counter({
      name: 'warden_heartbeats_total',
      help: 'Heartbeats received by outcome: new, next, restart (accepted); duplicate, stale (ignored); invalid (dead-lettered)',
      labelNames: ['outcome'],
    });
    this.deadLetterOverflows = metrics.counter({
      name: 'warden_heartbeat_dead_letter_overflow_total',
      help: 'Invalid heartbeats counted but not dead-lettered because too many dead letters were already pending',
    });
    this.evaluation = metrics.histogram({
      name: 'warden_failure_phi_evaluation_seconds',
      help: 'Time to evaluate φ for every monitored agent, per tick',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    });
    this.emission = metrics.histogram({
      name: 'warden_failure_emission_seconds',
      help: 'From the tick that saw φ cross the threshold to the JetStream acknowledgement of the failure',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    });
    this.lag = metrics.gauge({
      name: 'warden_failure_detector_event_loop_lag_seconds',
      help: "The detector's event-loop delay over the last second (p99 and max)",
      labelNames: ['quantile'],
    });
    this.stalls = metrics.counter({
      name: 'warden_failure_detector_stalls_total',
      help: 'Periods in which the detector could not hear heartbeats (event-loop stall, disconnection); their silence is excused',
      labelNames: ['cause'],
    });
    this.stallSeconds = metrics.counter({
      name: 'warden_failure_detector_stall_seconds_total',
      help: 'Total length of those periods: the tolerance added to every silence they overlapped',
      labelNames: ['cause'],
    });
    this.partitions = metrics.gauge({
      name: 'warden_partitions_owned',
      help: 'Heartbeat partitions this replica owns',
    });
    this.agents = metrics.gauge({
      name: 'warden_failure_agents_monitored',
      help: 'Agents in the partitions this replica owns, by what the detector believes',
      labelNames: ['state'],
    });
  }

  conviction(failureType: FailureType, severity: Severity): void {
    this.convictions.inc({ failure_type: failureType, severity });
  }

  suspicion(): void {
    this.suspicions.inc();
  }

  falsePositive(failureType: FailureType): void {
    this.falsePositives.inc({ failure_type: failureType });
  }

  publishError(kind: 'failure' | 'suspicion'): void {
    this.publishErrors.inc({ kind });
  }

  heartbeat(outcome: HeartbeatAdmission | 'invalid'): void {
    this.pendingHeartbeats.set(outcome, (this.pendingHeartbeats.get(outcome) ?? 0) + 1);
  }

  flushHeartbeats(): void {
    for (const [outcome, count] of this.pendingHeartbeats) this.heartbeats.inc({ outcome }, count);
    this.pendingHeartbeats.clear();
  }

  deadLetterOverflow(): void {
    this.deadLetterOverflows.inc();
  }

  evaluated(seconds: number): void {
    this.evaluation.observe(seconds);
  }

  emitted(seconds: number): void {
    this.emission.observe(seconds);
  }

  eventLoopLag(lag: LagSummary): void {
    this.lag.set({ quantile: 'p99' }, lag.p99Ms / 1_000);
    this.lag.set({ quantile: 'max' }, lag.maxMs / 1_000);
  }

  stall(stall: Stall): void {
    this.stalls.inc({ cause: stall.cause });
    this.stallSeconds.inc({ cause: stall.cause }, (stall.to - stall.from) / 1_000);
  }

  observeFleet(agents: Iterable<MonitoredAgent>, partitionsOwned: number): void {
    const counts = { watching: 0, suspected: 0, convicted: 0, leaving: 0 };
    for (const agent of agents) {
      if (agent.leaving) counts.leaving++;
      else if (agent.convicted) counts.convicted++;
      else if (agent.suspected) counts.suspected++;
      else counts.watching++;
    }
    for (const [state, count] of Object.entries(counts)) this.agents.set({ state }, count);
    this.partitions.set(partitionsOwned);
  }
}
