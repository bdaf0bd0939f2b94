import { MetricDefinitionConflictError } from './metric-definition-conflict-error';
import { MetricsRegistry } from './metrics-registry';

describe('MetricsRegistry', () => {
  it('returns the same metric when two modules ask for one name', () => {
    const metrics = new MetricsRegistry({
      service: 'alert-manager',
      instanceId: 'am-1',
      collectProcessMetrics: false,
    });
    const config = {
      name: 'warden_dead_letters_total',
      help: 'Dead letters',
      labelNames: ['reason', 'subject'],
    };

    const first = metrics.counter(config);
    const second = metrics.counter({ ...config, labelNames: ['subject', 'reason'] });

    expect(second).toBe(first);
  });

  it('refuses the same name with another kind or other labels', () => {
    const metrics = new MetricsRegistry({ service: 's', instanceId: 'i', collectProcessMetrics: false });
    metrics.counter({ name: 'warden_things_total', help: 'Things', labelNames: ['kind'] });

    expect(() => metrics.gauge({ name: 'warden_things_total', help: 'Things' })).toThrow(
      MetricDefinitionConflictError,
    );
    expect(() =>
      metrics.counter({ name: 'warden_things_total', help: 'Things', labelNames: ['other'] }),
    ).toThrow(/already registered as a counter with labels \[kind\]/);
  });

  it('renders counters, gauges and histograms with the service and instance labels', async () => {
    const metrics = new MetricsRegistry({
      service: 'alert-manager',
      instanceId: 'am-1',
      collectProcessMetrics: false,
    });
    metrics
      .counter({ name: 'warden_notifications_total', help: 'Notifications sent', labelNames: ['channel'] })
      .inc({ channel: 'slack' }, 2);
    metrics.gauge({ name: 'warden_open_alerts', help: 'Open alerts' }).set(5);
    metrics.histogram({ name: 'warden_send_seconds', help: 'Send time', buckets: [0.1, 1] }).observe(0.5);

    const text = await metrics.render();

    expect(text).toContain('# TYPE warden_notifications_total counter');
    expect(text).toContain(
      'warden_notifications_total{channel="slack",service="alert-manager",instance="am-1"} 2',
    );
    expect(text).toContain('warden_open_alerts{service="alert-manager",instance="am-1"} 5');
    expect(text).toContain('warden_send_seconds_bucket{le="1",service="alert-manager",instance="am-1"} 1');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('collects process metrics under the warden_ prefix by default', async () => {
    const text = await new MetricsRegistry({ service: 's', instanceId: 'i' }).render();

    expect(text).toMatch(/^warden_process_cpu_user_seconds_total\{service="s",instance="i"\} /m);
    expect(text).not.toMatch(/^process_cpu_user_seconds_total/m);
  });

  it('keeps registries of different services apart', async () => {
    const first = new MetricsRegistry({ service: 'a', instanceId: '1', collectProcessMetrics: false });
    const second = new MetricsRegistry({ service: 'b', instanceId: '2', collectProcessMetrics: false });
    first.counter({ name: 'warden_only_in_a_total', help: 'x' }).inc();

    expect(await second.render()).not.toContain('warden_only_in_a_total');
    expect(second.registry).not.toBe(first.registry);
  });
});
