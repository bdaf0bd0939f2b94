import {
  createMessage,
  DeadLetter,
  FailureDetected,
  RemoteError,
  Subjects,
  TaskSubmitted,
  WorkHandoff,
} from '@warden/contracts';
import { RemoteHandlerError, RemoteValidationError } from '@warden/messaging';
import { eventually } from '@warden/testing';
import { LoadBalancerHarness } from './lb-harness.test-helper';

describe('load balancer routing against real agents and nats-server', () => {
  let harness: LoadBalancerHarness;
  const agents = ['agent-a', 'agent-b', 'agent-c', 'agent-d', 'agent-e'];

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    // The reassignment tests send their tasks to the agent that will be lost first, deterministically.
    await harness.startBalancer('lb-1', (settings) => {
      settings.routing = {
        handoff: { strategy: 'preference', preferredAgents: ['agent-e'] },
        failover: { strategy: 'preference', preferredAgents: ['agent-d'] },
      };
    });
    await harness.startAgents(agents);
    await harness.allKnown(agents);
  });

  afterAll(() => harness?.stop());

  it('answers a request/reply submission with the final result of the agent it chose', async () => {
    const task = harness.task({ payload: { question: 42 } });
    const result = await harness.submit(task);
    expect(result).toMatchObject({
      taskId: task.taskId,
      outcome: 'succeeded',
      result: { echo: { question: 42 } },
    });
    expect(agents).toContain(result.agentId);
  });

  it('answers an invalid submission with a typed validation error naming the field', async () => {
    const bad = { ...harness.task(), priority: 'urgent' } as unknown as TaskSubmitted;
    const raw = harness.submitter.client.connection;
    const { MessageCodec } = await import('@warden/messaging');
    const codec = new MessageCodec();
    // Encoded without validation on our side, so the balancer is the one to refuse it.
    const { headers } = codec.encode(TaskSubmitted, harness.task(), { source: 'test' });
    const reply = await raw.request(
      Subjects.taskRequest('work'),
      new TextEncoder().encode(JSON.stringify(bad)),
      {
        timeout: 5_000,
        headers,
      },
    );
    const error = codec.decode(reply, RemoteError).payload;
    expect(error.code).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toContain('priority');
    await expect(
      harness.submitter.publisher.request(
        Subjects.taskRequest('other'),
        TaskSubmitted,
        harness.task(),
        RemoteError,
        {
          timeoutMs: 5_000,
        },
      ),
    ).rejects.toBeInstanceOf(RemoteValidationError);
  });

  it('answers unavailable when no agent has the capability', async () => {
    const task = harness.task({ requiredCapabilities: ['gpu'], timeoutMs: 500 });
    await expect(harness.submit(task)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(
      harness.submit(harness.task({ requiredCapabilities: ['gpu'], timeoutMs: 500 })),
    ).rejects.toBeInstanceOf(RemoteHandlerError);
  });

  it('runs a durable submission once and stores its result', async () => {
    const task = harness.task();
    await harness.submitter.publisher.publishDurable(Subjects.taskSubmit('work'), TaskSubmitted, task, {
      id: task.taskId,
    });
    await harness.submitter.publisher.publishDurable(Subjects.taskSubmit('work'), TaskSubmitted, task, {
      id: `${task.taskId}-again`,
    });
    await eventually(() =>
      harness.results.some((result) => result.taskId === task.taskId && result.outcome === 'succeeded'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.results.filter((result) => result.taskId === task.taskId)).toHaveLength(1);
  });

  it('dead-letters an invalid durable submission with the reason instead of losing it', async () => {
    const dead: DeadLetter[] = [];
    const codec = new (await import('@warden/messaging')).MessageCodec();
    const subscription = harness.submitter.client.connection.subscribe(Subjects.dlq('load-balancer'), {
      callback: (error, message) => {
        if (!error) dead.push(codec.decode(message, DeadLetter).payload);
      },
    });
    const { headers } = codec.encode(TaskSubmitted, harness.task(), { source: 'test' });
    const invalid = { ...harness.task(), timeoutMs: -5 };
    await harness.submitter.client.jetstream.publish(Subjects.taskSubmit('work'), JSON.stringify(invalid), {
      headers,
    });
    await eventually(() => dead.length > 0);
    expect(dead[0].originalSubject).toBe(Subjects.taskSubmit('work'));
    expect(dead[0].errors.map((e) => e.path)).toContain('timeoutMs');
    subscription.unsubscribe();
  });

  it("reassigns an agent's open tasks on the recovery coordinator's hand-off", async () => {
    const engine = harness.engines[0];
    harness.behaviourOf('agent-e').hanging = true;
    const pending = Array.from({ length: 30 }, () => harness.submit(harness.task({ taskType: 'handoff' })));
    await eventually(() => engine.dispatcher.waiters.tasksOn('agent-e').length > 0, {
      timeoutMs: 30_000,
    }).catch((e) => {
      const now = Date.now();
      for (const slot of engine.fleet.all)
        console.log(
          slot.agentId,
          slot.lifecycle,
          slot.health,
          slot.load,
          slot.localInFlight,
          slot.capacity,
          slot.latencyAt(now),
          slot.breaker.state,
          engine.fleet.routable(slot, now),
          now - slot.lastHeartbeatAt,
          slot.failedIncarnation,
          slot.incarnation,
        );
      throw e;
    });
    const stranded = engine.dispatcher.waiters.tasksOn('agent-e');
    const victim = harness.agent('agent-e');
    victim.kill();
    await harness.submitter.publisher.publishDurable(
      Subjects.workHandoff('agent-e'),
      WorkHandoff,
      createMessage(WorkHandoff, {
        handoffId: 'handoff-agent-e-1',
        agentId: 'agent-e',
        hostId: victim.hostId,
        incarnation: victim.incarnation,
        taskIds: stranded,
        reason: { summary: 'replaced elsewhere' },
        issuedBy: 'test',
        issuedAt: new Date().toISOString(),
      }),
    );
    const results = await Promise.all(pending);
    expect(results.every((r) => r.outcome === 'succeeded' && r.agentId !== 'agent-e')).toBe(true);
  });

  it('gives a slow agent less work than its peers (P2C over work × latency)', async () => {
    harness.behaviourOf('agent-a').delayMs = 150;
    for (const id of ['agent-b', 'agent-c', 'agent-d']) harness.behaviourOf(id).delayMs = 10;
    const results = await harness.submitMany(300, 12);
    const perAgent = new Map<string, number>();
    for (const result of results) perAgent.set(result.agentId, (perAgent.get(result.agentId) ?? 0) + 1);
    const slow = perAgent.get('agent-a') ?? 0;
    const fastAverage = (300 - slow) / 3; // agent-e is gone (hand-off test)
    expect(results.every((result) => result.outcome === 'succeeded')).toBe(true);
    expect(slow).toBeLessThan(fastAverage / 2);
    harness.behaviourOf('agent-a').delayMs = 5;
  });

  it('sends a failed agent nothing and completes its in-flight tasks elsewhere, each once', async () => {
    const victim = harness.agent('agent-d');
    harness.behaviourOf('agent-d').hanging = true;
    const submitted = Array.from({ length: 40 }, () => harness.task({ taskType: 'failover' }));
    const pending = submitted.map((task) => harness.submit(task));
    const engine = harness.engines[0];
    await eventually(() => engine.dispatcher.waiters.tasksOn('agent-d').length > 0, { timeoutMs: 30_000 });
    const stranded = engine.dispatcher.waiters.tasksOn('agent-d');
    victim.kill();
    await harness.submitter.publisher.publishDurable(
      Subjects.failures('high', 'agent-d'),
      FailureDetected,
      createMessage(FailureDetected, {
        failureId: 'failure-agent-d-1',
        agentId: 'agent-d',
        hostId: victim.hostId,
        zone: victim.zone,
        incarnation: victim.incarnation,
        failureType: 'process-crash',
        severity: 'high',
        detectedBy: 'test',
        detectedAt: new Date().toISOString(),
        evidence: { note: 'killed by the test' },
        summary: 'agent-d crashed',
      }),
    );
    const results = await Promise.all(pending);
    expect(results.every((result) => result.outcome === 'succeeded' && result.agentId !== 'agent-d')).toBe(
      true,
    );
    for (const taskId of stranded)
      expect(results.find((result) => result.taskId === taskId)?.agentId).not.toBe('agent-d');
    const after = await harness.submitMany(40, 8);
    expect(after.some((result) => result.agentId === 'agent-d')).toBe(false);
    const succeeded = harness.results.filter((result) => result.outcome === 'succeeded');
    expect(new Set(succeeded.map((result) => result.taskId)).size).toBe(succeeded.length);
  });
});
