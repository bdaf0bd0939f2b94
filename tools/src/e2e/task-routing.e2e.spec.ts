import {
  RemoteError,
  SubjectWildcards,
  Subjects,
  TaskAssigned,
  TaskResult,
  TaskSubmitted,
  messageTypeOf,
} from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { eventually } from '@warden/testing';
import { SupervisionStack } from './supervision-stack.test-helper';

/** 12 agents, tasks routed by the load balancer at 120/s; agent-0001 turns 20× slower 6 s in, agent-0005 crashes at 12 s. */
const SCENARIO = `
name: e2e-task-routing
description: steady routed load; one slow agent, one crash
seed: 7
fleet: { agents: 12, hosts: 3, zones: 3, capabilities: [compute], capacity: 4, heartbeatIntervalMs: 500ms, restartDelayMs: 500ms }
load: { tasksPerAgentPerSecond: 0, taskDurationMs: { mean: 20, jitterRatio: 0.2 }, routedTasksPerSecond: 120, taskTimeoutMs: 10s }
duration: 120s
faults:
  - at: 6s
    kind: slow
    target: { agents: [agent-0001] }
    duration: 100s
    params: { factor: 20 }
  - at: 12s
    kind: crash
    target: { agents: [agent-0005] }
`;

/** The load balancer as its own process (built output) beside the supervision chain and fleet-sim. */
describe('task routing end to end (separate processes)', () => {
  let stack: SupervisionStack;
  let assignments: TaskAssigned[];
  let results: TaskResult[];

  beforeAll(async () => {
    stack = await SupervisionStack.start(['load-balancer']);
    assignments = stack.record(SubjectWildcards.taskAssigned, TaskAssigned);
    results = stack.record(SubjectWildcards.taskResult, TaskResult);
    await stack.runScenario('task-routing', SCENARIO);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("routes fleet-sim's steady load over the whole fleet, every task completing once", async () => {
    await eventually(() => new Set(assignments.map((a) => a.agentId)).size >= 10, { timeoutMs: 30_000 });
    const succeeded = await eventually(() => {
      const done = results.filter((result) => result.outcome === 'succeeded');
      return done.length > 50 && done;
    });
    expect(new Set(succeeded.map((result) => result.taskId)).size).toBe(succeeded.length);
    expect(assignments.every((a) => a.assignedBy.length > 0 && a.decision.reason.length > 0)).toBe(true);
  });

  it('answers a request/reply submission with the result of the agent it chose', async () => {
    const codec = new MessageCodec();
    const task: TaskSubmitted = {
      taskId: 'e2e-direct-1',
      taskType: 'synthetic',
      priority: 'high',
      requiredCapabilities: ['compute'],
      preferredZones: ['zone-c'],
      payload: { hello: 'world' },
      timeoutMs: 10_000,
      maxAttempts: 3,
      submittedBy: 'e2e',
      submittedAt: new Date().toISOString(),
    };
    const encoded = codec.encode(TaskSubmitted, task, { source: 'e2e' });
    // Submitted as an application would: the task-submitter identity.
    const submitter = await stack.connectAs('task-submitter', 'e2e-submitter');
    const reply = await submitter
      .request(Subjects.taskRequest('synthetic'), encoded.data, { timeout: 15_000, headers: encoded.headers })
      .finally(() => submitter.close());
    const answer = codec.decode<TaskResult | RemoteError>(reply, {
      [messageTypeOf(TaskResult)]: TaskResult,
      [messageTypeOf(RemoteError)]: RemoteError,
    }).payload;
    expect(answer).toBeInstanceOf(TaskResult);
    expect(answer).toMatchObject({ taskId: 'e2e-direct-1', outcome: 'succeeded' });
    const assigned = assignments.find((a) => a.taskId === 'e2e-direct-1');
    expect(assigned?.zone).toBe('zone-c');
  });

  it('gives the slow agent far less work than its peers', async () => {
    // The scenario clock (and the routed load) starts once fleet-sim's agents run: anchor on the first decision.
    const started = await eventually(() => assignments.length > 0 && Date.parse(assignments[0].assignedAt));
    await eventually(() => Date.now() - started > 30_000, { timeoutMs: 45_000, intervalMs: 500 });
    // From 10 s after the slowdown began: the balancer has seen its latency by then.
    const since = started + 14_000;
    const recent = assignments.filter((a) => Date.parse(a.assignedAt) > since && a.agentId !== 'agent-0005');
    const perAgent = new Map<string, number>();
    for (const a of recent) perAgent.set(a.agentId, (perAgent.get(a.agentId) ?? 0) + 1);
    const slow = perAgent.get('agent-0001') ?? 0;
    const others = [...perAgent].filter(([id]) => id !== 'agent-0001').map(([, n]) => n);
    const average = others.reduce((a, b) => a + b, 0) / others.length;
    expect(average).toBeGreaterThan(20);
    expect(slow).toBeLessThan(average / 2);
  });

  it('loses no routed task through the crash: every one assigned 15 s ago or more has succeeded', async () => {
    const cutoff = Date.now() - 15_000;
    const settled = new Set(
      assignments
        .filter((a) => a.taskId.startsWith('routed-') && Date.parse(a.assignedAt) < cutoff)
        .map((a) => a.taskId),
    );
    expect(settled.size).toBeGreaterThan(30);
    const succeeded = new Set(results.filter((r) => r.outcome === 'succeeded').map((r) => r.taskId));
    expect([...settled].filter((taskId) => !succeeded.has(taskId))).toEqual([]);
    expect(stack.liveness().every((p) => p.running)).toBe(true);
  });
});
