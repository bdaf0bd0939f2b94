import { decideNotification, resolvedToReport, type NotificationLogEntry } from './notification-decision';

const entry = (overrides: Partial<NotificationLogEntry> = {}): NotificationLogEntry => ({
  groupKey: 'root:{}',
  receiver: 'ops',
  firing: ['a', 'b'],
  resolved: [],
  sentAt: 1_000,
  fencingToken: 3,
  state: 'sent',
  ...overrides,
});

const input = (firing: string[], resolved: string[] = [], now = 2_000) => ({
  firing,
  resolved,
  repeatIntervalMs: 60_000,
  sendResolved: true,
  now,
});

describe('decideNotification', () => {
  it('notifies a first firing group, and never a group that resolved before anything was sent', () => {
    expect(decideNotification(undefined, input(['a']))).toEqual({ notify: true, reason: 'new-alerts' });
    expect(decideNotification(undefined, input([], ['a']))).toEqual({ notify: false });
  });

  it('stays quiet when the receiver already knows every firing alert', () => {
    expect(decideNotification(entry(), input(['a', 'b'])).notify).toBe(false);
    expect(decideNotification(entry(), input(['a'])).notify).toBe(false);
  });

  it('notifies a new alert in the group', () => {
    expect(decideNotification(entry(), input(['a', 'b', 'c'])).reason).toBe('new-alerts');
  });

  it('notifies the resolution of an alert the receiver was told about, unless it does not want those', () => {
    expect(decideNotification(entry(), input(['a'], ['b'])).reason).toBe('resolved');
    expect(decideNotification(entry(), { ...input(['a'], ['b']), sendResolved: false }).notify).toBe(false);
  });

  it('notifies when every alert the receiver was told about has resolved, even without send_resolved, so the log forgets them', () => {
    expect(decideNotification(entry(), input([], ['a', 'b']))).toEqual({ notify: true, reason: 'resolved' });
    expect(decideNotification(entry(), { ...input([], ['a', 'b']), sendResolved: false })).toEqual({
      notify: true,
      reason: 'resolved',
      logOnly: true,
    });
    // Told alerts that left the group (relabelled, aged out) leave nothing to report, but still clear the log.
    expect(decideNotification(entry(), input([], []))).toEqual({
      notify: true,
      reason: 'resolved',
      logOnly: true,
    });
  });

  it('pages an alert that fires again after an all-resolved flush the receiver did not want', () => {
    const cleared = entry({ firing: [], resolved: ['a', 'b'] });
    expect(decideNotification(cleared, { ...input(['a']), sendResolved: false })).toEqual({
      notify: true,
      reason: 'new-alerts',
    });
  });

  it('reports resolved only the alerts the receiver was told fired, and none when it does not want them', () => {
    expect(resolvedToReport(entry(), ['a', 'c'], true)).toEqual(['a']);
    expect(resolvedToReport(entry(), ['a', 'c'], false)).toEqual([]);
    expect(resolvedToReport(undefined, ['a'], true)).toEqual([]);
  });

  it('repeats after repeat_interval while something fires', () => {
    expect(decideNotification(entry(), input(['a', 'b'], [], 61_000)).reason).toBe('repeat');
    expect(decideNotification(entry({ firing: [] }), input([], [], 61_000)).notify).toBe(false);
  });

  it('resends a notification whose sender died between claiming and confirming it', () => {
    expect(decideNotification(entry({ state: 'sending' }), input(['a', 'b'])).reason).toBe('resume');
  });

  it('resends an interrupted resolved notification with the alerts it was reporting', () => {
    const interrupted = entry({ state: 'sending', firing: [], resolved: ['a', 'b'] });
    expect(decideNotification(interrupted, input([], ['a', 'b']))).toEqual({
      notify: true,
      reason: 'resume',
    });
    expect(resolvedToReport(interrupted, ['a', 'b', 'c'], true)).toEqual(['a', 'b']);
    // What it was sending as firing and has resolved since is reported resolved too.
    expect(resolvedToReport(entry({ state: 'sending', resolved: [] }), ['a'], true)).toEqual(['a']);
  });
});
