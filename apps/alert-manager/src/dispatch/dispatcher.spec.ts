import { parseAlertingConfig } from '../config/load-alerting-config';
import { alertWith } from '../testing/alert-fixtures.test-helper';
import { Dispatcher } from './dispatcher';
import type { GroupSnapshot } from './group-snapshot';

const config = parseAlertingConfig(
  `
route:
  receiver: ops
  group_by: [zone]
  group_wait: 30s
  group_interval: 5m
receivers:
  - { name: ops, log: {} }
`,
  'test',
);

describe('Dispatcher', () => {
  let flushes: GroupSnapshot[];
  let muted: Set<string>;
  let dispatcher: Dispatcher;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') });
    flushes = [];
    muted = new Set();
    dispatcher = new Dispatcher(
      config.route,
      () => (alert) => muted.has(alert.fingerprint),
      async (snapshot) => {
        flushes.push(snapshot);
        return true;
      },
    );
  });

  afterEach(() => {
    dispatcher.stop();
    jest.useRealTimers();
  });

  it('holds a new group for group_wait, then flushes all its alerts at once', async () => {
    for (let i = 0; i < 200; i++) {
      dispatcher.upsert(alertWith({ alertname: 'AgentFailure', agent: `agent-${i}`, zone: 'eu-1' }));
      await jest.advanceTimersByTimeAsync(50);
    }
    expect(flushes).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(flushes).toHaveLength(1);
    expect(flushes[0].firing).toHaveLength(200);
    expect(flushes[0].groupLabels).toEqual({ zone: 'eu-1' });
  });

  it('keeps groups apart by the group_by labels', async () => {
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'eu-1' }));
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'us-1' }));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(flushes.map((flush) => flush.groupLabels.zone).sort()).toEqual(['eu-1', 'us-1']);
  });

  it('flushes again every group_interval while the group has alerts', async () => {
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'eu-1' }));
    await jest.advanceTimersByTimeAsync(30_000);
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    expect(flushes).toHaveLength(3);
  });

  it('flushes at once a group whose alert is already older than group_wait (a takeover)', async () => {
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'eu-1' }, { startsAt: Date.now() - 60_000 }));
    await jest.advanceTimersByTimeAsync(0);
    expect(flushes).toHaveLength(1);
  });

  it('flushes at once when an alert older than group_wait joins a group that has not flushed yet', async () => {
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'eu-1', agent: 'fresh' }));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(flushes).toHaveLength(0);
    dispatcher.upsert(
      alertWith({ alertname: 'A', zone: 'eu-1', agent: 'old' }, { startsAt: Date.now() - 60_000 }),
    );
    await jest.advanceTimersByTimeAsync(0);
    expect(flushes).toHaveLength(1);
    expect(flushes[0].firing.map((alert) => alert.labels.agent).sort()).toEqual(['fresh', 'old']);
  });

  it('keeps group_interval for an old alert that joins after the first flush', async () => {
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'eu-1', agent: 'fresh' }));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(flushes).toHaveLength(1);
    dispatcher.upsert(
      alertWith({ alertname: 'A', zone: 'eu-1', agent: 'old' }, { startsAt: Date.now() - 60_000 }),
    );
    await jest.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(flushes).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(flushes).toHaveLength(2);
  });

  it('flushes first when the oldest alert has waited group_wait, whatever order the alerts came in', async () => {
    // Warden's rule (Alertmanager waits group_wait from the group's creation unless an alert is older):
    // a successor rebuilding groups from the store upserts their alerts in no particular order.
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'eu-1', agent: 'fresh' }));
    dispatcher.upsert(
      alertWith({ alertname: 'A', zone: 'eu-1', agent: 'aged' }, { startsAt: Date.now() - 20_000 }),
    );
    dispatcher.upsert(
      alertWith({ alertname: 'A', zone: 'us-1', agent: 'aged' }, { startsAt: Date.now() - 20_000 }),
    );
    dispatcher.upsert(alertWith({ alertname: 'A', zone: 'us-1', agent: 'fresh' }));
    await jest.advanceTimersByTimeAsync(10_000 - 1);
    expect(flushes).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(flushes.map((flush) => [flush.groupLabels.zone, flush.firing.length]).sort()).toEqual([
      ['eu-1', 2],
      ['us-1', 2],
    ]);
  });

  it('reports resolved alerts once, then drops them and the empty group', async () => {
    const alert = alertWith({ alertname: 'A', zone: 'eu-1' });
    dispatcher.upsert(alert);
    await jest.advanceTimersByTimeAsync(30_000);
    dispatcher.upsert({ ...alert, endsAt: Date.now(), updatedAt: Date.now() });
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    expect(flushes[1].resolved.map((a) => a.fingerprint)).toEqual([alert.fingerprint]);
    expect(dispatcher.groupCount).toBe(0);
  });

  it('leaves muted alerts out of the firing set and counts them', async () => {
    const loud = alertWith({ alertname: 'A', zone: 'eu-1', agent: 'a1' });
    const quiet = alertWith({ alertname: 'A', zone: 'eu-1', agent: 'a2' });
    muted.add(quiet.fingerprint);
    dispatcher.upsert(loud);
    dispatcher.upsert(quiet);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(flushes[0].firing.map((a) => a.fingerprint)).toEqual([loud.fingerprint]);
    expect(flushes[0].muted).toBe(1);
  });

  it('keeps a group whose flush did not settle and tries again at the next interval', async () => {
    const attempts: number[] = [];
    const flaky = new Dispatcher(
      config.route,
      () => () => false,
      async () => {
        attempts.push(Date.now());
        return attempts.length > 1;
      },
    );
    flaky.upsert({ ...alertWith({ alertname: 'A', zone: 'eu-1' }), endsAt: Date.now() + 1000 });
    await jest.advanceTimersByTimeAsync(30_000);
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    expect(attempts).toHaveLength(2);
    expect(flaky.groupCount).toBe(0);
    flaky.stop();
  });
});
