import type { TaskResult } from '@warden/contracts';
import { eventually } from '@warden/testing';
import type { LoadBalancerEngine } from '../src/engine/load-balancer-engine';
import { PatternFailedError } from '../src/patterns/pattern-errors';
import { LoadBalancerHarness } from './lb-harness.test-helper';

describe('coordination patterns end to end against real agents and nats-server', () => {
  let harness: LoadBalancerHarness;
  let engine: LoadBalancerEngine;
  const agents = ['agent-a', 'agent-b', 'agent-c', 'agent-d', 'agent-e'];

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    engine = await harness.startBalancer('lb-1');
    await harness.startAgents(agents);
    await harness.allKnown(agents);
  });

  afterAll(() => harness?.stop());

  it('assignment: one agent runs the task', async () => {
    const result = await engine.patterns.assign('assign-1', {
      taskType: 'work',
      payload: { x: 1 },
      requiredCapabilities: ['work'],
    });
    expect(result).toMatchObject({ taskId: 'assign-1', outcome: 'succeeded' });
    await eventually(() => harness.results.some((r) => r.taskId === 'assign-1'));
    expect(harness.results.filter((r) => r.taskId === 'assign-1')).toHaveLength(1);
  });

  it('broadcast: every matching agent runs it once and all results are gathered', async () => {
    const outcome = await engine.patterns.broadcast('bcast-1', {
      taskType: 'work',
      payload: { ping: true },
      requiredCapabilities: ['work'],
    });
    expect([...outcome.results.keys()].sort()).toEqual(agents);
    for (const [agentId, result] of outcome.results)
      expect(result).toMatchObject({ agentId, outcome: 'succeeded' });
    expect(outcome.failures.size).toBe(0);
  });

  it('pipeline: stages run in order, each fed the previous result', async () => {
    const results = await engine.patterns.pipeline(
      'pipe-1',
      [
        { taskType: 'work', payload: { stage: 'extract' } },
        { taskType: 'work', payload: { stage: 'transform' } },
        { taskType: 'work', payload: { stage: 'load' } },
      ],
      { document: 'd-1' },
    );
    expect(results.map((r) => r.taskId)).toEqual(['pipe-1-stage-0', 'pipe-1-stage-1', 'pipe-1-stage-2']);
    const echoes = results.map(
      (r) => (r.result as { echo: { stage: string; input: Record<string, unknown> } }).echo,
    );
    expect(echoes[0]).toEqual({ stage: 'extract', input: { document: 'd-1' } });
    expect(echoes[1].input).toEqual(results[0].result);
    expect(echoes[2].input).toEqual(results[1].result);
  });

  it('pipeline: stops at a failing stage and says which', async () => {
    await expect(
      engine.patterns.pipeline('pipe-2', [
        { taskType: 'work', payload: {} },
        { taskType: 'work', payload: {}, requiredCapabilities: ['missing'], timeoutMs: 300 },
        { taskType: 'work', payload: {} },
      ]),
    ).rejects.toThrow();
  });

  it('scatter-gather: copies on distinct agents, first k answer the quorum', async () => {
    const quorum = await engine.patterns.scatterGather('sg-1', { taskType: 'work', payload: {} }, 4, 2);
    expect(quorum).toHaveLength(2);
    const all = await engine.patterns.scatterGather('sg-2', { taskType: 'work', payload: {} }, 5);
    expect(new Set(all.map((r) => r.agentId)).size).toBe(5);
  });

  it('scatter-gather: fails as soon as the quorum is out of reach', async () => {
    for (const id of agents) harness.behaviourOf(id).failing = true;
    const failure = await engine.patterns
      .scatterGather('sg-3', { taskType: 'work', payload: {}, maxAttempts: 1 }, 3, 2)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PatternFailedError);
    for (const id of agents) harness.behaviourOf(id).failing = false;
  });

  it('map-reduce: items split across agents, reduced in the balancer or by a routed reduce task', async () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const sum = await engine.patterns.mapReduce<number>('mr-1', {
      items,
      itemsPerTask: 4,
      map: { taskType: 'work', payload: {} },
      reduce: (results: readonly TaskResult[]) =>
        results.reduce(
          (total, r) =>
            total + (r.result as { echo: { items: number[] } }).echo.items.reduce((a, b) => a + b, 0),
          0,
        ),
    });
    expect(sum).toBe(190);
    const reduced = (await engine.patterns.mapReduce('mr-2', {
      items,
      itemsPerTask: 10,
      map: { taskType: 'work', payload: {} },
      reduce: { taskType: 'work', payload: { step: 'reduce' } },
    })) as TaskResult;
    expect(reduced.taskId).toBe('mr-2-reduce');
    expect((reduced.result as { echo: { results: unknown[] } }).echo.results).toHaveLength(2);
  });

  it('resource quotas: a named resource is shared across tasks, by priority then arrival', async () => {
    engine.resources.define('gpu', 1);
    const order: string[] = [];
    const run = (name: string, priority: 'low' | 'critical') =>
      engine.resources.withResource('gpu', 1, priority, name, async () => {
        order.push(name);
        await engine.patterns.assign(`gpu-${name}`, { taskType: 'work', payload: {} });
      });
    const first = run('first', 'low');
    const low = run('low', 'low');
    const critical = run('critical', 'critical');
    await Promise.all([first, low, critical]);
    expect(order).toEqual(['first', 'critical', 'low']);
  });
});
