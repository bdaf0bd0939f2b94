import { parseAlertingConfig } from '../config/load-alerting-config';
import { matchRoutes } from './route';

const config = parseAlertingConfig(
  `
route:
  receiver: default
  routes:
    - matchers: ['severity="critical"']
      receiver: pager
      continue: true
    - matchers: ['zone=~"eu-.*"']
      receiver: eu-team
      routes:
        - matchers: ['type="memory-leak"']
          receiver: eu-memory
    - matchers: ['zone=~"eu-.*"']
      receiver: never-reached
receivers:
  - { name: default, log: {} }
  - { name: pager, log: {} }
  - { name: eu-team, log: {} }
  - { name: eu-memory, log: {} }
  - { name: never-reached, log: {} }
`,
  'routes.yaml',
);

const receiversFor = (labels: Record<string, string>): string[] =>
  matchRoutes(config.route, labels).map((route) => route.receiver);

describe('routing tree', () => {
  it('falls back to the root when no child matches', () => {
    expect(receiversFor({ zone: 'us-1' })).toEqual(['default']);
  });

  it('stops at the first matching child', () => {
    expect(receiversFor({ zone: 'eu-1' })).toEqual(['eu-team']);
  });

  it('goes on past a child with continue: true', () => {
    expect(receiversFor({ zone: 'eu-1', severity: 'critical' })).toEqual(['pager', 'eu-team']);
    expect(receiversFor({ zone: 'us-1', severity: 'critical' })).toEqual(['pager']);
  });

  it('descends into the deepest matching route', () => {
    expect(receiversFor({ zone: 'eu-1', type: 'memory-leak' })).toEqual(['eu-memory']);
  });
});
