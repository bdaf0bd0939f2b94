import { QUICK_PROFILE } from './bench-profile';
import { runScenarios } from './run-scenarios';
import type { Scenario } from './scenario';

const throughputScenario: Scenario = {
  name: 'fast',
  description: 'measures fixed numbers',
  baseline: 'a fixed baseline',
  goal: { text: 'floor', metric: 'msgsPerSecond', of: 'subject', comparison: 'atLeast', value: 10_000 },
  run: async () => ({
    kind: 'throughput',
    baseline: { label: 'base', repetitions: [{ messages: 100, elapsedMs: 10 }] },
    subject: { label: 'subj', repetitions: [{ messages: 100, elapsedMs: 20 }] },
  }),
};

class ServerGoneError extends Error {
  constructor() {
    super('nats-server exited');
    this.name = 'ServerGoneError';
  }
}

const failingScenario: Scenario = {
  name: 'broken',
  description: 'throws',
  baseline: 'none',
  run: () => Promise.reject(new ServerGoneError()),
};

describe('runScenarios', () => {
  it('reports a failing scenario with its error and still runs the ones after it', async () => {
    const lines: string[] = [];
    const reports = await runScenarios([failingScenario, throughputScenario], QUICK_PROFILE, (line) =>
      lines.push(line),
    );
    expect(reports[0]).toMatchObject({
      name: 'broken',
      status: 'failed',
      error: { name: 'ServerGoneError', message: 'nats-server exited' },
    });
    expect(reports[1]).toMatchObject({
      name: 'fast',
      status: 'completed',
      baselineDescription: 'a fixed baseline',
      ratios: { msgsPerSecond: 0.5 },
      goal: { observed: 5_000, met: false },
    });
    expect(lines.some((line) => line.includes('ServerGoneError'))).toBe(true);
  });

  it('hands the profile to each scenario', async () => {
    const seen: string[] = [];
    const spy: Scenario = {
      ...throughputScenario,
      run: (context) => {
        seen.push(context.profile.mode);
        return throughputScenario.run(context);
      },
    };
    await runScenarios([spy], QUICK_PROFILE, () => undefined);
    expect(seen).toEqual(['quick']);
  });
});
