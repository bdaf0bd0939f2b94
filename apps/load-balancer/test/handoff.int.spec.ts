import { createMessage, Subjects, TaskSubmitted, WorkHandoff } from '@warden/contracts';
import { eventually } from '@warden/testing';
import type { LoadBalancerSettings } from '../src/engine/load-balancer-settings';
import { LoadBalancerHarness } from './lb-harness.test-helper';

/**
 * A hand-off's task ids re-dispatched by the replicas still alive: the replica that ran the lost
 * agent's durable tasks died with them, so no in-memory attempt is left to reassign.
 */
/** Routes `handoff` tasks to agent-x first; the durable ack wait is far beyond any wait here, so a task
 * that completes came back through the hand-off, not through JetStream's redelivery. */
function tune(settings: LoadBalancerSettings): void {
  settings.routing = { handoff: { strategy: 'preference', preferredAgents: ['agent-x'] } };
  settings.durableAckWaitMs = 10 * 60_000;
}

/** Durable `handoff` tasks, published and running (hanging) on agent-x. */
async function strandOnAgentX(harness: LoadBalancerHarness): Promise<TaskSubmitted[]> {
  harness.behaviourOf('agent-x').hanging = true;
  const tasks = Array.from({ length: 5 }, () => harness.task({ taskType: 'handoff', timeoutMs: 60_000 }));
  for (const task of tasks)
    await harness.submitter.publisher.publishDurable(Subjects.taskSubmit('handoff'), TaskSubmitted, task, {
      id: task.taskId,
    });
  await eventually(() => tasks.every((task) => harness.executions.get(task.taskId) === 1));
  return tasks;
}

/** Kills agent-x and publishes the hand-off the recovery coordinator would, naming the tasks. */
async function handOffAgentX(harness: LoadBalancerHarness, tasks: readonly TaskSubmitted[]): Promise<void> {
  const victim = harness.agent('agent-x');
  victim.kill();
  await harness.submitter.publisher.publishDurable(
    Subjects.workHandoff('agent-x'),
    WorkHandoff,
    createMessage(WorkHandoff, {
      handoffId: 'handoff-agent-x-1',
      agentId: 'agent-x',
      hostId: victim.hostId,
      incarnation: victim.incarnation,
      taskIds: tasks.map((task) => task.taskId),
      reason: { summary: 'agent-x crashed' },
      issuedBy: 'test',
      issuedAt: new Date().toISOString(),
    }),
  );
}

/** Each task succeeded once, not on agent-x, and ran twice in all: once on agent-x (lost), once elsewhere. */
async function expectEachCompletedElsewhereOnce(
  harness: LoadBalancerHarness,
  tasks: readonly TaskSubmitted[],
): Promise<void> {
  const succeededOf = (taskId: string) =>
    harness.results.filter((r) => r.taskId === taskId && r.outcome === 'succeeded');
  await eventually(() => tasks.every((task) => succeededOf(task.taskId).length > 0), { timeoutMs: 30_000 });
  for (const task of tasks) {
    expect(succeededOf(task.taskId)).toHaveLength(1);
    expect(succeededOf(task.taskId)[0].agentId).not.toBe('agent-x');
    expect(harness.executions.get(task.taskId)).toBe(2);
  }
}

/**
 * A hand-off's task ids re-dispatched by the replicas still alive: when the replica that ran the lost
 * agent's durable tasks died too, no in-memory attempt is left to reassign.
 */
describe('load balancer hand-off of tasks whose replica is gone', () => {
  let harness: LoadBalancerHarness;
  const agents = ['agent-a', 'agent-b', 'agent-x'];

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    await harness.startAgents(agents);
  });

  afterAll(() => harness?.stop());

  it('re-dispatches the durable tasks a hand-off names, re-read from the stream, when their replica died', async () => {
    const lb1 = await harness.startBalancer('lb-1', tune);
    await harness.allKnown(agents);
    const tasks = await strandOnAgentX(harness);
    await harness.crashBalancer(lb1);
    await harness.startBalancer('lb-2', tune);
    await harness.allKnown(agents);
    await handOffAgentX(harness, tasks);
    await expectEachCompletedElsewhereOnce(harness, tasks);
  });
});

describe('load balancer hand-off of tasks whose replica is alive', () => {
  let harness: LoadBalancerHarness;
  const agents = ['agent-a', 'agent-b', 'agent-x'];

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    await harness.startAgents(agents);
    await harness.startBalancer('lb-1', tune);
    await harness.startBalancer('lb-2', tune);
    await harness.allKnown(agents);
  });

  afterAll(() => harness?.stop());

  it('leaves the tasks to the live replica running them: each is re-dispatched once, not by every replica', async () => {
    const tasks = await strandOnAgentX(harness);
    await handOffAgentX(harness, tasks);
    await expectEachCompletedElsewhereOnce(harness, tasks);
  });
});
