import { AlertingConfigError } from './alerting-config-error';
import { loadAlertingConfig, parseAlertingConfig } from './load-alerting-config';

const minimal = (extra = ''): string => `
route:
  receiver: ops
receivers:
  - name: ops
    webhook:
      url: http://127.0.0.1:9/hook
${extra}`;

function errorOf(text: string): AlertingConfigError {
  try {
    parseAlertingConfig(text, 'alerting.yaml');
  } catch (error) {
    if (error instanceof AlertingConfigError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadAlertingConfig', () => {
  it('ships a default that loads and routes everything to the log', () => {
    const config = loadAlertingConfig(undefined);
    expect(config.route.receiver).toBe('log');
    expect(config.escalationPolicies.get('on-call')?.levels).toHaveLength(1);
  });

  it("fills Alertmanager's timer defaults and lets children inherit them", () => {
    const config = parseAlertingConfig(
      `
route:
  receiver: ops
  group_by: [zone]
  group_wait: 1s
  routes:
    - matchers: ['severity="critical"']
      group_interval: 2m
receivers:
  - name: ops
    log: {}
`,
      'test',
    );
    const child = config.route.routes[0];
    expect(config.route.groupIntervalMs).toBe(300_000);
    expect(child.groupWaitMs).toBe(1000);
    expect(child.groupBy).toEqual(['zone']);
    expect(child.receiver).toBe('ops');
    // repeat_interval 4h is a multiple of 2m already.
    expect(child.repeatIntervalMs).toBe(4 * 3600_000);
  });

  it.each([
    [
      minimal('inhibit_rules:\n  - source_matchers: [\'severity=="x"\']\n    target_matchers: [\'a="b"\']'),
      'inhibit_rules[0].source_matchers[0]',
    ],
    ['route:\n  receiver: nobody\nreceivers:\n  - name: ops\n    log: {}', 'route.receiver'],
    [minimal().replace('http://127.0.0.1:9/hook', 'ftp://x'), 'receivers[0].webhook.url'],
    [minimal().replace('  receiver: ops', '  receiver: ops\n  group_wait: soon'), 'route.group_wait'],
    [
      minimal().replace(
        '  receiver: ops',
        '  receiver: ops\n  routes:\n    - matchers: [\'a="b"\']\n      escalation_policy: missing',
      ),
      'route.routes[0].escalation_policy',
    ],
    [
      minimal('escalation_policies:\n  - name: p\n    levels:\n      - receivers: [ghost]'),
      'escalation_policies[0].levels[0].receivers[0]',
    ],
    [minimal().replace('  receiver: ops', '  receiver: ops\n  gruop_by: [zone]'), 'route.gruop_by'],
    [minimal().replace('  receiver: ops', '  receiver: ops\n  matchers: [\'a="b"\']'), 'route.matchers'],
  ])('rejects a bad field with its path (%#)', (text, path) => {
    const error = errorOf(text);
    expect(error.field).toBe(path);
    expect(error.message).toContain('alerting.yaml');
  });

  it('names the file when it cannot be read', () => {
    expect(() => loadAlertingConfig('/nonexistent/alerting.yaml')).toThrow(
      /\/nonexistent\/alerting.yaml: \(file\) cannot be read/,
    );
  });
});
