export type MetricKind = 'counter' | 'gauge' | 'histogram';

/** Two modules asked for the same metric name with a different kind or label set. */
export class MetricDefinitionConflictError extends Error {
  override readonly name = 'MetricDefinitionConflictError';

  constructor(
    readonly metricName: string,
    readonly existing: { kind: MetricKind; labelNames: readonly string[] },
    readonly requested: { kind: MetricKind; labelNames: readonly string[] },
  ) {
    super(
      `Metric ${metricName} is already registered as a ${existing.kind} with labels [${existing.labelNames.join(', ')}]; ` +
        `requested a ${requested.kind} with labels [${requested.labelNames.join(', ')}]`,
    );
  }
}
