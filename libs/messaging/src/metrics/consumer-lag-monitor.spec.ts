import { MetricsRegistry } from '@warden/telemetry';
import { ConsumerLagMetrics, type ConsumerLagReading } from './consumer-lag-metrics';
import { ConsumerLagMonitor } from './consumer-lag-monitor';

function monitorWith(read: (stream: string, consumer: string) => Promise<ConsumerLagReading>) {
  const registry = new MetricsRegistry({ service: 's', instanceId: 'i', collectProcessMetrics: false });
  const failures: string[] = [];
  const monitor = new ConsumerLagMonitor({
    read,
    metrics: new ConsumerLagMetrics(registry),
    // Long enough that only the explicit refreshes below run.
    intervalMs: 3_600_000,
    onFailure: (_error, stream, consumer) => failures.push(`${stream}/${consumer}`),
  });
  return { registry, monitor, failures };
}

describe('ConsumerLagMonitor', () => {
  it('refuses an interval that is not a positive integer', () => {
    expect(
      () =>
        new ConsumerLagMonitor({
          read: () => Promise.reject(new Error('unused')),
          metrics: new ConsumerLagMetrics(new MetricsRegistry({ service: 's', instanceId: 'i' })),
          intervalMs: 0,
          onFailure: () => undefined,
        }),
    ).toThrow(/consumer lag interval must be a positive integer \(ms\), got 0/);
  });

  it('reads a durable shared by two handlers once, and drops its gauges when untracked', async () => {
    const reads: string[] = [];
    const { registry, monitor } = monitorWith(async (stream, consumer) => {
      reads.push(`${stream}/${consumer}`);
      return { pending: 7, ackPending: 2, redelivered: 1 };
    });
    monitor.track('S', 'svc');
    monitor.track('S', 'svc');
    await monitor.refresh();

    expect(monitor.consumers).toEqual([{ stream: 'S', consumer: 'svc' }]);
    expect(reads.every((read) => read === 'S/svc')).toBe(true);
    expect(await registry.render()).toContain(
      'warden_consumer_pending_messages{stream="S",consumer="svc",service="s",instance="i"} 7',
    );

    await monitor.stop();
    expect(await registry.render()).not.toContain('warden_consumer_pending_messages{');
  });

  it('counts every failed read, reports only the first of a run of failures, and keeps the last value', async () => {
    let fail = false;
    const { registry, monitor, failures } = monitorWith(async () => {
      if (fail) throw new Error('consumer not found');
      return { pending: 3, ackPending: 0, redelivered: 0 };
    });
    monitor.track('S', 'svc');
    await monitor.refresh();
    fail = true;
    await monitor.refresh();
    await monitor.refresh();

    const text = await registry.render();
    expect(text).toContain(
      'warden_consumer_info_failures_total{stream="S",consumer="svc",service="s",instance="i"} 2',
    );
    expect(text).toContain(
      'warden_consumer_pending_messages{stream="S",consumer="svc",service="s",instance="i"} 3',
    );
    expect(failures).toEqual(['S/svc']);
    await monitor.stop();
  });

  it('stops its timer when every consumer is untracked, and starts it again on the next track', async () => {
    jest.useFakeTimers();
    try {
      const reads: string[] = [];
      const monitor = new ConsumerLagMonitor({
        read: async (stream, consumer) => {
          reads.push(`${stream}/${consumer}`);
          return { pending: 0, ackPending: 0, redelivered: 0 };
        },
        metrics: new ConsumerLagMetrics(
          new MetricsRegistry({ service: 's', instanceId: 'i', collectProcessMetrics: false }),
        ),
        intervalMs: 1_000,
        onFailure: () => undefined,
      });
      monitor.track('S', 'svc');
      await monitor.refresh();
      expect(jest.getTimerCount()).toBe(1);

      monitor.untrackAll();
      expect(jest.getTimerCount()).toBe(0);

      monitor.track('S', 'other');
      await monitor.refresh();
      reads.length = 0;
      await jest.advanceTimersByTimeAsync(1_000);
      expect(reads).toEqual(['S/other']);
      await monitor.stop();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
