import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dashboardQueries,
  definedMetrics,
  referencedMetricNames,
  undefinedMetricNames,
  type MetricKind,
} from './dashboard-metrics';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const DASHBOARD_PATH = join(REPO_ROOT, 'k8s', 'grafana', 'warden-dashboard.json');

describe('the Grafana dashboard k8s/grafana/warden-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8'));
  let defined: Map<string, MetricKind>;

  beforeAll(async () => {
    defined = await definedMetrics(REPO_ROOT);
  });

  it('finds the definitions it checks against (the scan would pass anything if it found none)', () => {
    expect(defined.get('warden_heartbeats_total')).toBe('counter');
    expect(defined.get('warden_consumer_pending_messages')).toBe('gauge');
    expect(defined.get('warden_lb_task_duration_seconds')).toBe('histogram');
    expect(defined.get('warden_process_cpu_seconds_total')).toBe('counter');
  });

  it('references only metric names some service defines', () => {
    const unknown = dashboardQueries(dashboard).flatMap(({ where, expr }) =>
      undefinedMetricNames(expr, defined).map((name) => `${where}: ${name}`),
    );

    expect(unknown).toEqual([]);
  });

  it('has a query on a Warden metric in every panel', () => {
    const panels = (
      dashboard.panels as Array<{ type: string; title: string; targets?: Array<{ expr: string }> }>
    )
      .filter((panel) => panel.type !== 'row')
      .map((panel) => ({
        title: panel.title,
        metrics: (panel.targets ?? []).flatMap((target) => referencedMetricNames(target.expr)).length,
      }));

    expect(panels.filter((panel) => panel.metrics === 0)).toEqual([]);
  });

  it('graphs each area an operator asked for, on its real metric', () => {
    const referenced = new Set(
      dashboardQueries(dashboard).flatMap(({ expr }) => referencedMetricNames(expr)),
    );

    expect(
      [
        'warden_heartbeats_total', // heartbeat ingest rate
        'warden_agents', // health states
        'warden_failure_convictions_total', // detections
        'warden_recovery_decisions_total', // recoveries
        'warden_alert_notifications_total', // alert notifications
        'warden_lb_task_duration_seconds_bucket', // task dispatch latency
        'warden_consumer_pending_messages', // consumer lag
        'warden_partitions_owned', // partition ownership
        'warden_process_cpu_seconds_total', // CPU
        'warden_process_resident_memory_bytes', // memory
      ].filter((name) => !referenced.has(name)),
    ).toEqual([]);
  });

  it('catches a name no code defines, and histogram series on a metric that is not a histogram', () => {
    expect(undefinedMetricNames('rate(warden_heartbeats_totl[1m])', defined)).toEqual([
      'warden_heartbeats_totl',
    ]);
    expect(undefinedMetricNames('warden_agents_bucket', defined)).toEqual(['warden_agents_bucket']);
    expect(undefinedMetricNames('rate(warden_recovery_duration_seconds_bucket[5m])', defined)).toEqual([]);
  });
});
