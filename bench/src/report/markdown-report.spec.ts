import { renderMarkdownReport } from './markdown-report';
import type { RunReport } from './run-report';
import { evaluateGoal } from './evaluate-goal';
import { summarizeComparison } from './summarize-comparison';

const throughput = summarizeComparison({
  kind: 'throughput',
  baseline: { label: 'raw pub→sub', repetitions: [{ messages: 300_000, elapsedMs: 1000 }] },
  subject: {
    label: 'messaging subscribeCore',
    repetitions: [
      { messages: 1_234_567, elapsedMs: 10_000 },
      { messages: 1_000, elapsedMs: 10 },
    ],
  },
});
const latency = summarizeComparison({
  kind: 'latency',
  baseline: { label: 'raw request/reply', repetitions: [{ latenciesMs: [0.25, 0.25] }] },
  subject: { label: 'nest send', repetitions: [{ latenciesMs: [0.5, 0.5] }] },
});

const report: RunReport = {
  schemaVersion: 1,
  mode: 'quick',
  startedAt: '2026-11-24T10:00:00.000Z',
  finishedAt: '2026-11-24T10:01:00.000Z',
  environment: {
    node: 'v20.20.0',
    platform: 'linux',
    arch: 'x64',
    cpuModel: 'Test CPU',
    cpuCount: 2,
    loadAverageAtStart: [0.5, 0.25, 0],
    natsServerVersion: 'v2.9.10',
  },
  scenarios: [
    {
      name: 'messaging-core-throughput',
      description: 'core throughput through the library',
      baselineDescription: 'raw nats.js',
      durationMs: 4200,
      status: 'completed',
      ...throughput,
      goal: evaluateGoal(
        { text: 'seed floor', metric: 'msgsPerSecond', of: 'subject', comparison: 'atLeast', value: 200_000 },
        throughput,
      ),
    },
    {
      name: 'nest-round-trip',
      description: 'nest transport',
      baselineDescription: 'raw request/reply',
      durationMs: 1000,
      status: 'completed',
      ...latency,
    },
    {
      name: 'messaging-durable-throughput',
      description: 'jetstream',
      baselineDescription: 'raw jetstream',
      durationMs: 10_500,
      status: 'failed',
      error: { name: 'DeliveryTimeoutError', message: 'received 10 of 20 messages within 10000 ms' },
    },
  ],
};

describe('renderMarkdownReport', () => {
  const markdown = renderMarkdownReport(report);

  it('puts one row per metric with medians, spreads, the ratio and the goal verdict', () => {
    expect(markdown).toContain(
      '| messaging-core-throughput | msg/s (higher is better) | 111,728 | 102,346–121,111 (100,000–123,457) | ' +
        '300,000 | 300,000–300,000 (300,000–300,000) | 0.37 | ≥ 200,000 msg/s: **missed** (111,728) |',
    );
    expect(markdown).toContain('| nest-round-trip | p50 ms (lower is better) | 0.500 |');
    expect(markdown).toContain('| nest-round-trip | p99 ms (lower is better) | 0.500 |');
    expect(markdown).toMatch(/\| nest-round-trip \| p50 ms[^\n]*\| 2\.00 \|/);
  });

  it('states the run, its machine and how to read a ratio', () => {
    expect(markdown).toContain('# Warden bench — quick run');
    expect(markdown).toContain('2 × Test CPU');
    expect(markdown).toContain('nats-server v2.9.10');
    expect(markdown).toContain('Ratio = subject median ÷ baseline median');
  });

  it('lists a failed scenario with its error instead of a row', () => {
    expect(markdown).toContain(
      '- **messaging-durable-throughput** failed after 10.5 s: DeliveryTimeoutError: received 10 of 20 messages',
    );
    expect(markdown).not.toContain('| messaging-durable-throughput |');
  });

  it('describes each side of each completed scenario with its work and pooled latency', () => {
    expect(markdown).toContain(
      '- Subject: messaging subscribeCore — 1,000–1,234,567 messages × 2 repetitions',
    );
    expect(markdown).toContain(
      '- Baseline: raw request/reply — 2 round trips × 1 repetitions; all 2 round trips pooled: p50 0.250 ms, p99 0.250 ms',
    );
  });
});
