import { createMessage, Streams, Subjects, TaskAssigned, TaskResult } from '@warden/contracts';
import { connectNats, Messaging, NatsConnectionConfig, type NatsClient } from '@warden/messaging';
import { MetricsRegistry } from '@warden/telemetry';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import { silentLogger } from '../../test/recovery-harness.test-helper';
import { InFlightTaskLookup } from './in-flight-task-lookup';

describe('InFlightTaskLookup against a real COORDINATION stream', () => {
  let server: NatsServerHandle;
  let client: NatsClient;
  let messaging: Messaging;

  beforeAll(async () => {
    server = await startNatsServer();
    client = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url }), {
      name: 'lookup-test',
      logger: silentLogger(),
    });
    messaging = new Messaging(client, {
      service: 'load-balancer',
      logger: silentLogger(),
      metrics: new MetricsRegistry({ service: 'lookup-test', instanceId: 't', collectProcessMetrics: false }),
    });
    await messaging.provision({ streams: [Streams.COORDINATION], replicas: 1 });
  });

  afterAll(async () => {
    await messaging?.close();
    await server?.dispose();
  });

  const assigned = (taskId: string, agentId: string, attempt = 1): Promise<unknown> =>
    messaging.publisher.publishDurable(
      Subjects.taskAssigned(agentId),
      TaskAssigned,
      createMessage(TaskAssigned, {
        taskId,
        taskType: 'work',
        agentId,
        hostId: 'host-1',
        zone: 'zone-a',
        attempt,
        decision: { strategy: 'least-loaded', candidatesConsidered: 1, reason: 'only one' },
        assignedBy: 'load-balancer-0',
        assignedAt: new Date().toISOString(),
      }),
    );
  const finished = (taskId: string, agentId: string, attempt = 1): Promise<unknown> =>
    messaging.publisher.publishDurable(
      Subjects.taskResult(agentId),
      TaskResult,
      createMessage(TaskResult, {
        taskId,
        taskType: 'work',
        agentId,
        attempt,
        outcome: 'succeeded',
        durationMs: 5,
        completedAt: new Date().toISOString(),
      }),
    );

  it('names the tasks assigned to the incarnation without a result, and only that agent’s', async () => {
    const incarnation = Date.now() - 1_000;
    await assigned('task-1', 'agent-a');
    await assigned('task-2', 'agent-a');
    await assigned('task-3', 'agent-a');
    await assigned('task-9', 'agent-b');
    await finished('task-2', 'agent-a');
    await assigned('task-3', 'agent-a', 2);
    await finished('task-3', 'agent-a', 1);

    const lookup = new InFlightTaskLookup(client.jetstream, silentLogger());
    expect((await lookup.lookup('agent-a', incarnation))?.sort()).toEqual(['task-1', 'task-3']);
    expect(await lookup.lookup('agent-b', incarnation)).toEqual(['task-9']);
    expect(await lookup.lookup('agent-c', incarnation)).toEqual([]);
  });

  it('reads nothing assigned before the incarnation started', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lookup = new InFlightTaskLookup(client.jetstream, silentLogger());
    expect(await lookup.lookup('agent-a', Date.now())).toEqual([]);
  });
});
