import { PATTERN_TYPES, type PatternType } from '@warden/contracts';
import type { MetricsRegistry } from '@warden/telemetry';
import type { Counter, Gauge } from 'prom-client';

/** What an operator watches of pattern detection: patterns found and revised by type, who owns the detection. */
export class PatternMetrics {
  private readonly detected: Counter<string>;
  private readonly revised: Counter<string>;
  private readonly publishFailures: Counter<string>;
  private readonly active: Gauge<string>;
  private readonly owner: Gauge<string>;

  constructor(metrics: MetricsRegistry) {
    this.detected = metrics.counter({
      name: 'warden_patterns_detected_total',
      help: 'Patterns published for the first time (revision 1), by pattern type',
      labelNames: ['type'],
    });
    this.revised = metrics.counter({
      name: 'warden_pattern_revisions_total',
      help: 'Later revisions of patterns published (more agents, graver type or severity), by pattern type',
      labelNames: ['type'],
    });
    this.publishFailures = metrics.counter({
      name: 'warden_pattern_publish_failures_total',
      help: 'Pattern revisions JetStream did not store; each is offered again at the next evaluation',
    });
    this.active = metrics.gauge({
      name: 'warden_patterns_active',
      help: 'Patterns in force on this replica (from supervision.patterns.>), by pattern type',
      labelNames: ['type'],
    });
    this.owner = metrics.gauge({
      name: 'warden_pattern_detection_owner',
      help: '1 while this replica holds the pattern-detection lease and runs the detection, else 0',
    });
  }

  published(type: PatternType, revision: number): void {
    if (revision === 1) this.detected.inc({ type });
    else this.revised.inc({ type });
  }

  publishFailed(): void {
    this.publishFailures.inc();
  }

  observeActive(types: readonly PatternType[]): void {
    for (const type of PATTERN_TYPES)
      this.active.set({ type }, types.filter((active) => active === type).length);
  }

  ownsDetection(owns: boolean): void {
    this.owner.set(owns ? 1 : 0);
  }
}
