import { Subjects, TaskSubmitted } from '@warden/contracts';
import { eventually } from '@warden/testing';
import type { LoadBalancerEngine } from '../src/engine/load-balancer-engine';
import { LoadBalancerHarness } from './lb-harness.test-helper';

/**
 * "Run once" across replicas and restarts: the same task id submitted to different load-balancer
 * replicas runs once, judged by counting the handler's executions at the agents.
 */
describe('load balancer task ids shared by replicas (task-runs bucket)', () => {
  let harness: LoadBalancerHarness;
  let lb1: LoadBalancerEngine;
  let lb2: LoadBalancerEngine;
  const agents = ['agent-a', 'agent-b', 'agent-c'];

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    lb1 = await harness.startBalancer('lb-1');
    lb2 = await harness.startBalancer('lb-2');
    await harness.startAgents(agents);
    await harness.allKnown(agents);
  });

  afterAll(() => harness?.stop());

  it('runs a task resubmitted to another replica once, and answers both with the same result', async () => {
    const task = harness.task();
    const first = await lb1.dispatcher.run(task);
    const second = await lb2.dispatcher.run(task);
    expect(second).toEqual(first);
    expect(harness.executions.get(task.taskId)).toBe(1);
  });

  it('runs a task submitted to two replicas at the same time once', async () => {
    for (const agentId of agents) harness.behaviourOf(agentId).delayMs = 300;
    try {
      const task = harness.task();
      const [first, second] = await Promise.all([lb1.dispatcher.run(task), lb2.dispatcher.run(task)]);
      expect(second).toEqual(first);
      expect(first.outcome).toBe('succeeded');
      expect(harness.executions.get(task.taskId)).toBe(1);
    } finally {
      for (const agentId of agents) harness.behaviourOf(agentId).delayMs = 5;
    }
  });

  it('runs a task resubmitted after a replica restart once', async () => {
    const task = harness.task();
    const first = await lb1.dispatcher.run(task);
    const restarted = await harness.startBalancer('lb-3');
    await harness.allKnown(agents);
    await expect(restarted.dispatcher.run(task)).resolves.toEqual(first);
    expect(harness.executions.get(task.taskId)).toBe(1);
  });

  it('runs a durable submission published twice (distinct message ids) once whichever replicas take it', async () => {
    const tasks = Array.from({ length: 10 }, () => harness.task());
    for (const task of tasks)
      for (const copy of ['first', 'second'])
        await harness.submitter.publisher.publishDurable(Subjects.taskSubmit('work'), TaskSubmitted, task, {
          id: `${task.taskId}-${copy}`,
        });
    await eventually(() => tasks.every((task) => harness.results.some((r) => r.taskId === task.taskId)), {
      timeoutMs: 30_000,
    });
    // Both copies are handled (acked) before the counts are read: the second copy must not run again.
    await eventually(async () => {
      const info = await harness.submitter.client.jetstream
        .jetstreamManager()
        .then((jsm) => jsm.consumers.info('COORDINATION', 'load-balancer-submissions'));
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    for (const task of tasks) expect(harness.executions.get(task.taskId)).toBe(1);
  });
});
