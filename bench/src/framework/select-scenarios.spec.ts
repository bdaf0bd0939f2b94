import type { Scenario } from './scenario';
import { selectScenarios } from './select-scenarios';

function scenario(name: string): Scenario {
  return {
    name,
    description: name,
    baseline: 'none',
    run: () => Promise.reject(new Error('not run in this test')),
  };
}

const all = [
  scenario('raw-pubsub-throughput'),
  scenario('raw-request-reply-latency'),
  scenario('nest-round-trip'),
];

describe('selectScenarios', () => {
  it('keeps every scenario when there is no filter', () => {
    expect(selectScenarios(all, []).map((s) => s.name)).toEqual(all.map((s) => s.name));
  });

  it('keeps scenarios whose name contains any filter, ignoring case, in their defined order', () => {
    expect(selectScenarios(all, ['ROUND', 'pubsub']).map((s) => s.name)).toEqual([
      'raw-pubsub-throughput',
      'nest-round-trip',
    ]);
  });

  it('selects nothing when no name matches', () => {
    expect(selectScenarios(all, ['jetstream'])).toEqual([]);
  });
});
