import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MetricDefinitionConflictError, type MetricKind } from './metric-definition-conflict-error';

export interface MetricConfig {
  /** Prometheus name; by convention `warden_<area>_<what>_<unit>`. */
  name: string;
  help: string;
  labelNames?: readonly string[];
}

export interface HistogramConfig extends MetricConfig {
  /** Upper bounds in the metric's unit; prom-client's defaults (seconds) when omitted. */
  buckets?: number[];
}

export interface MetricsRegistryOptions {
  readonly service: string;
  readonly instanceId: string;
  /** Node process metrics (CPU, memory, event loop lag, GC) under the `warden_` prefix; on by default. */
  readonly collectProcessMetrics?: boolean;
}

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;

interface MetricDefinition {
  readonly kind: MetricKind;
  readonly labelNames: readonly string[];
  readonly metric: AnyMetric;
}

/**
 * The service's Prometheus registry. Metrics are get-or-create by name, so two modules that count the
 * same thing share one metric instead of failing on a duplicate registration.
 */
export class MetricsRegistry {
  private readonly prometheus = new Registry();
  private readonly definitions = new Map<string, MetricDefinition>();

  constructor(options: MetricsRegistryOptions) {
    this.prometheus.setDefaultLabels({ service: options.service, instance: options.instanceId });
    if (options.collectProcessMetrics ?? true) {
      collectDefaultMetrics({ register: this.prometheus, prefix: 'warden_' });
    }
  }

  get registry(): Registry {
    return this.prometheus;
  }

  get contentType(): string {
    return this.prometheus.contentType;
  }

  counter(cfg: MetricConfig): Counter<string> {
    return this.getOrCreate('counter', cfg, () => new Counter({ ...cfg, registers: [this.prometheus] }));
  }

  gauge(cfg: MetricConfig): Gauge<string> {
    return this.getOrCreate('gauge', cfg, () => new Gauge({ ...cfg, registers: [this.prometheus] }));
  }

  histogram(cfg: HistogramConfig): Histogram<string> {
    return this.getOrCreate('histogram', cfg, () => new Histogram({ ...cfg, registers: [this.prometheus] }));
  }

  /** The Prometheus text exposition of every metric, for GET /metrics. */
  render(): Promise<string> {
    return this.prometheus.metrics();
  }

  private getOrCreate<M extends AnyMetric>(kind: MetricKind, cfg: MetricConfig, create: () => M): M {
    const labelNames = [...(cfg.labelNames ?? [])].sort();
    const existing = this.definitions.get(cfg.name);
    if (existing) {
      if (existing.kind !== kind || !sameLabels(existing.labelNames, labelNames)) {
        throw new MetricDefinitionConflictError(cfg.name, existing, { kind, labelNames });
      }
      // Same kind was just checked, and each kind is only ever created by its own factory.
      return existing.metric as M;
    }
    const metric = create();
    this.definitions.set(cfg.name, { kind, labelNames, metric });
    return metric;
  }
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label, index) => label === b[index]);
}
