import { Buckets, Streams, Subjects, TaskRunRecord, TaskSubmitted } from '@warden/contracts';
import { Kvm } from '@nats-io/kv';
import { eventually } from '@warden/testing';
import type { LoadBalancerSettings } from '../src/engine/load-balancer-settings';
import { LoadBalancerHarness } from './lb-harness.test-helper';

function tune(settings: LoadBalancerSettings): void {
  settings.routing = { slow: { strategy: 'preference', preferredAgents: ['agent-x'] } };
  settings.durableAckWaitMs = 2_000;
}

/**
 * The replica holding durable submissions dies (no hand-off: its agents are fine). Its deliveries
 * lapse after one ack wait, another replica gets them, finds the claims held by a replica that no
 * longer answers, takes them over, and settles them; the agents run each task once.
 */
describe('load balancer replica loss', () => {
  let harness: LoadBalancerHarness;
  const agents = ['agent-a', 'agent-x'];

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    await harness.startAgents(agents);
  });

  afterAll(() => harness?.stop());

  it("settles a dead replica's durable tasks on another replica, each run once at the agents", async () => {
    const lb1 = await harness.startBalancer('lb-1', tune);
    await harness.allKnown(agents);
    harness.behaviourOf('agent-x').delayMs = 1_500;
    const tasks = Array.from({ length: 5 }, () => harness.task({ taskType: 'slow', timeoutMs: 60_000 }));
    for (const task of tasks)
      await harness.submitter.publisher.publishDurable(Subjects.taskSubmit('slow'), TaskSubmitted, task, {
        id: task.taskId,
      });
    await eventually(() => tasks.every((task) => harness.executions.get(task.taskId) === 1));
    await harness.crashBalancer(lb1);
    await harness.startBalancer('lb-2', tune);

    const jsm = await harness.submitter.client.jetstreamManager();
    await eventually(
      async () => {
        const info = await jsm.consumers.info(Streams.COORDINATION.name, 'load-balancer-submissions');
        return info.num_ack_pending === 0 && info.num_pending === 0;
      },
      { timeoutMs: 30_000, message: "the dead replica's durable submissions were not settled" },
    );
    const taskRuns = await new Kvm(harness.submitter.client.connection).open(Buckets['task-runs'].name);
    for (const task of tasks) {
      const record = (await taskRuns.get(task.taskId))?.json<TaskRunRecord>();
      expect(record).toMatchObject({ state: 'finished', owner: 'lb-2', result: { outcome: 'succeeded' } });
      expect(harness.executions.get(task.taskId)).toBe(1);
    }
  });

  it("runs a request/reply task resubmitted after its replica died, at once rather than after the dead run's deadline", async () => {
    const lb3 = await harness.startBalancer('lb-3', tune);
    await harness.allKnown(agents);
    harness.behaviourOf('agent-x').delayMs = 0;
    harness.behaviourOf('agent-x').hanging = true;
    const task = harness.task({ taskType: 'slow', timeoutMs: 60_000 });
    void lb3.dispatcher.run(task).catch(() => undefined);
    await eventually(() => harness.executions.get(task.taskId) === 1);
    await harness.crashBalancer(lb3);
    // The caller's request died with lb-3; the caller retries the same task id on another replica.
    const lb4 = await harness.startBalancer('lb-4', tune);
    await harness.allKnown(agents);
    harness.agent('agent-x').kill();
    await eventually(
      () =>
        lb4.fleet.get('agent-x') === undefined || !lb4.fleet.routable(lb4.fleet.get('agent-x')!, Date.now()),
      {
        timeoutMs: 15_000,
      },
    );
    await expect(lb4.dispatcher.run({ ...task, timeoutMs: 10_000 })).resolves.toMatchObject({
      outcome: 'succeeded',
      agentId: 'agent-a',
    });
    expect(harness.executions.get(task.taskId)).toBe(2);
  });
});
