import {
  NOTIFICATION_POLICY_BY_SEVERITY,
  NOTIFICATION_URGENCIES,
  SEVERITIES,
  isAtLeast,
  notificationUrgencyOf,
} from './severity';

describe('severity scale', () => {
  it('orders severities from low to critical', () => {
    expect(isAtLeast('critical', 'high')).toBe(true);
    expect(isAtLeast('medium', 'medium')).toBe(true);
    expect(isAtLeast('low', 'medium')).toBe(false);
  });

  it('never gives a more severe level a lower notification urgency', () => {
    const urgencyRanks = SEVERITIES.map((severity) =>
      NOTIFICATION_URGENCIES.indexOf(notificationUrgencyOf(severity)),
    );
    expect(urgencyRanks).toEqual([...urgencyRanks].sort((a, b) => a - b));
  });

  it('notifies nobody for low, pages for high and above, escalates at once only for critical', () => {
    expect(notificationUrgencyOf('low')).toBe('none');
    expect(notificationUrgencyOf('high')).toBe('high');
    expect(
      SEVERITIES.filter((severity) => NOTIFICATION_POLICY_BY_SEVERITY[severity].escalatesImmediately),
    ).toEqual(['critical']);
  });
});
