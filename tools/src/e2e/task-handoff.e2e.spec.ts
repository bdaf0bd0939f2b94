import { Writable } from 'node:stream';
import { AgentHost } from '@warden/agent-sdk';
import { jetstream } from '@nats-io/jetstream';
import { SubjectWildcards, Subjects, TaskResult, TaskSubmitted, WorkHandoff } from '@warden/contracts';
import { MessageCodec, NatsConnectionConfig, connectNats } from '@warden/messaging';
import { createLogger, type Logger } from '@warden/telemetry';
import { eventually, type ServiceProcess } from '@warden/testing';
import { SupervisionStack } from './supervision-stack.test-helper';

const AGENTS = ['agent-a', 'agent-b', 'agent-x'];

function silentLogger(): Logger {
  return createLogger({
    service: 'e2e-agents',
    instanceId: 'e2e',
    level: 'fatal',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

/**
 * Agents (agent-sdk) in the test process, so the test counts each task's executions where they happen
 * and decides when agent-x's tasks hang; the services are separate processes.
 */
class CountingAgents {
  readonly executions = new Map<string, number>();
  /** The agents each task ran on, in order. */
  readonly ranOn = new Map<string, string[]>();
  /** While true, agent-x's handler never finishes (until its incarnation dies). */
  agentXHangs = false;
  /** How long agent-x's handler takes otherwise. */
  agentXDelayMs = 20;

  private constructor(readonly host: AgentHost) {}

  /** `credentials`: NATS_USER and NATS_PASSWORD of the host identity. */
  static async start(natsUrl: string, credentials: Record<string, string>): Promise<CountingAgents> {
    const host = await AgentHost.start({
      hostId: 'e2e-host',
      connect: () =>
        connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: natsUrl, ...credentials }), {
          name: 'e2e-host',
          logger: silentLogger(),
        }),
      logger: silentLogger(),
      stopGraceMs: 100,
      restartDelayMs: 200,
    });
    const agents = new CountingAgents(host);
    host.register(() => ({
      spec: {
        zone: 'zone-a',
        capabilities: ['compute'],
        capacity: 8,
        queueLimit: 64,
        heartbeatIntervalMs: 500,
      },
      handler: async (task, { agentId, signal }) => {
        agents.executions.set(task.taskId, (agents.executions.get(task.taskId) ?? 0) + 1);
        agents.ranOn.set(task.taskId, [...(agents.ranOn.get(task.taskId) ?? []), agentId]);
        if (agentId === 'agent-x' && agents.agentXHangs)
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        await new Promise((resolve) =>
          setTimeout(resolve, agentId === 'agent-x' ? agents.agentXDelayMs : 20),
        );
        return { by: agentId };
      },
    }));
    await Promise.all(AGENTS.map((id) => host.startAgent(id)));
    return agents;
  }

  /** Every task has started on agent-x (and nowhere else). */
  allOnAgentX(tasks: readonly TaskSubmitted[]): boolean {
    return tasks.every((task) => this.ranOn.get(task.taskId)?.join() === 'agent-x');
  }

  stop(): Promise<void> {
    return this.host.stop(100);
  }
}

/** Resolves once the balancer process routes to every agent (its readiness detail counts them). */
async function knowsAllAgents(balancer: ServiceProcess): Promise<void> {
  await eventually(
    async () => {
      const response = await fetch(`http://127.0.0.1:${balancer.httpPort}/readyz`);
      return (await response.text()).includes(`${AGENTS.length} agents known`);
    },
    { timeoutMs: 30_000, message: `${balancer.name} did not learn every agent` },
  );
}

/** Durable `handoff` tasks (routed to agent-x first by the balancers' TASK_STRATEGIES). */
async function submitDurably(
  stack: SupervisionStack,
  count: number,
  prefix: string,
): Promise<TaskSubmitted[]> {
  const codec = new MessageCodec();
  const tasks: TaskSubmitted[] = Array.from({ length: count }, (_, i) => ({
    taskId: `${prefix}-${i}`,
    taskType: 'handoff',
    priority: 'normal',
    requiredCapabilities: ['compute'],
    preferredZones: [],
    payload: { i },
    timeoutMs: 120_000,
    maxAttempts: 3,
    submittedBy: 'e2e',
    submittedAt: new Date().toISOString(),
  }));
  // Submitted as an application would: the task-submitter identity.
  const submitter = await stack.connectAs('task-submitter', 'e2e-submitter');
  try {
    const js = jetstream(submitter);
    for (const task of tasks) {
      const encoded = codec.encode(TaskSubmitted, task, { source: 'e2e', id: task.taskId });
      await js.publish(Subjects.taskSubmit('handoff'), encoded.data, {
        headers: encoded.headers,
        msgID: task.taskId,
      });
    }
  } finally {
    await submitter.close();
  }
  return tasks;
}

function balancer(instanceId: string, ackWaitMs: number) {
  return {
    app: 'load-balancer',
    name: instanceId,
    env: {
      SERVICE_INSTANCE_ID: instanceId,
      TASK_STRATEGIES: 'handoff=preference:agent-x',
      SLOW_START_MS: '0',
      DURABLE_ACK_WAIT_MS: String(ackWaitMs),
    },
  };
}

function succeededOnce(results: readonly TaskResult[], tasks: readonly TaskSubmitted[]): boolean {
  return tasks.every((task) => results.some((r) => r.taskId === task.taskId && r.outcome === 'succeeded'));
}

describe('work hand-off end to end (separate processes)', () => {
  let stack: SupervisionStack;
  let agents: CountingAgents;
  let results: TaskResult[];
  let handoffs: WorkHandoff[];

  beforeEach(async () => {
    stack = await SupervisionStack.start();
    results = stack.record(SubjectWildcards.taskResult, TaskResult);
    handoffs = stack.record(SubjectWildcards.workHandoff, WorkHandoff);
    await stack.connection.flush();
    agents = await CountingAgents.start(stack.natsUrl, stack.credentials('host'));
  });

  afterEach(async () => {
    await agents?.stop();
    await stack?.stop();
  });

  it("re-dispatches, on the recovery coordinator's hand-off after agent-x crashes, the tasks of a balancer replica killed meanwhile", async () => {
    // Redelivery after ten minutes: within this test only the hand-off can bring the tasks back.
    const holder = await stack.launch(balancer('lb-e2e-1', 600_000));
    await knowsAllAgents(holder);
    agents.agentXHangs = true;
    const tasks = await submitDurably(stack, 5, 'crash-handoff');
    await eventually(() => agents.allOnAgentX(tasks), {
      timeoutMs: 30_000,
      message: 'the tasks did not reach agent-x',
    });
    await holder.kill();
    await knowsAllAgents(await stack.launch(balancer('lb-e2e-2', 600_000)));
    agents.agentXHangs = false;
    agents.host.agent('agent-x')!.kill();

    const handoff = await eventually(
      () =>
        handoffs.find((h) => h.agentId === 'agent-x' && tasks.every((t) => h.taskIds?.includes(t.taskId))),
      { timeoutMs: 60_000, message: 'no hand-off of agent-x naming the tasks' },
    );
    // Nobody in this test publishes a hand-off: this one is the recovery coordinator's own.
    expect(handoff.reason.summary.length).toBeGreaterThan(0);
    await eventually(() => succeededOnce(results, tasks), {
      timeoutMs: 60_000,
      message: 'the handed-off tasks did not complete',
    });
    for (const task of tasks) {
      expect(results.filter((r) => r.taskId === task.taskId && r.outcome === 'succeeded')).toHaveLength(1);
      // Once on the crashed incarnation of agent-x, once after the hand-off.
      expect(agents.executions.get(task.taskId)).toBe(2);
    }
  }, 240_000);

  it('completes on the other replica the durable tasks of a balancer replica SIGKILLed mid-task, each run once', async () => {
    const holder = await stack.launch(balancer('lb-e2e-1', 3_000));
    await knowsAllAgents(holder);
    agents.agentXDelayMs = 20_000;
    const tasks = await submitDurably(stack, 5, 'replica-kill');
    await eventually(() => agents.allOnAgentX(tasks), {
      timeoutMs: 30_000,
      message: 'the tasks did not reach agent-x',
    });
    await knowsAllAgents(await stack.launch(balancer('lb-e2e-2', 3_000)));
    await holder.kill();
    // Its deliveries lapse after one ack wait; lb-e2e-2 finds the claims' holder gone, takes them over
    // and re-dispatches to agent-x, which joins the runs it already has instead of starting them again.
    await eventually(() => succeededOnce(results, tasks), {
      timeoutMs: 60_000,
      message: 'the tasks of the killed replica did not complete',
    });
    for (const task of tasks) {
      expect(results.filter((r) => r.taskId === task.taskId && r.outcome === 'succeeded')).toHaveLength(1);
      expect(agents.executions.get(task.taskId)).toBe(1);
    }
    expect(stack.process('lb-e2e-2')?.running).toBe(true);
  }, 180_000);
});
