import { Writable } from 'node:stream';
import type { Subscription } from '@nats-io/nats-core';
import { AgentHost, TaskFailedError, type AgentHandle } from '@warden/agent-sdk';
import {
  BreakerTransition,
  Buckets,
  Streams,
  SubjectWildcards,
  Subjects,
  TaskResult,
  TaskSubmitted,
  type MessageClass,
} from '@warden/contracts';
import {
  connectNats,
  MessageCodec,
  Messaging,
  NatsConnectionConfig,
  type NatsClient,
} from '@warden/messaging';
import { createLogger, MetricsRegistry, type Logger } from '@warden/telemetry';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { LoadBalancerEngine } from '../src/engine/load-balancer-engine';
import { defaultLoadBalancerSettings, type LoadBalancerSettings } from '../src/engine/load-balancer-settings';

export const HEARTBEAT_INTERVAL_MS = 200;

export function silentLogger(): Logger {
  return createLogger({
    service: 'lb-test',
    instanceId: 't',
    level: 'fatal',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

function metrics(): MetricsRegistry {
  return new MetricsRegistry({ service: 'lb-test', instanceId: 't', collectProcessMetrics: false });
}

function connectTo(url: string, name: string): Promise<NatsClient> {
  return connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: url }), {
    name,
    logger: silentLogger(),
  });
}

/** How a test agent behaves right now; tests change it while tasks run. */
export interface AgentBehaviour {
  delayMs: number;
  /** Fail every task with a retryable error. */
  failing: boolean;
  /** Never finish (until the task's timeout or the agent's death). */
  hanging: boolean;
  /** Fail every task with a non-retryable error (the task's fault, not the agent's). */
  rejecting?: boolean;
}

/**
 * A private nats-server, real agents (agent-sdk, one host), load balancer replicas in-process and a
 * submitter; records every result and breaker transition on the bus.
 */
export class LoadBalancerHarness {
  readonly behaviour = new Map<string, AgentBehaviour>();
  readonly results: TaskResult[] = [];
  readonly transitions: BreakerTransition[] = [];
  readonly engines: LoadBalancerEngine[] = [];
  /** Handler runs per task id, counted at the agents: what "run once" is judged by. */
  readonly executions = new Map<string, number>();
  private readonly clients: NatsClient[] = [];
  private readonly clientOf = new Map<LoadBalancerEngine, NatsClient>();
  private readonly subscriptions: Subscription[] = [];
  private readonly codec = new MessageCodec();
  private host?: AgentHost;
  private taskCounter = 0;

  private constructor(
    readonly server: NatsServerHandle,
    readonly submitter: Messaging,
  ) {}

  static async start(): Promise<LoadBalancerHarness> {
    const server = await startNatsServer();
    const client = await connectTo(server.url, 'submitter');
    const submitter = new Messaging(client, {
      service: 'task-submitter',
      logger: silentLogger(),
      metrics: metrics(),
    });
    await submitter.provision({
      streams: [Streams.COORDINATION, Streams.SUPERVISION, Streams.DLQ],
      buckets: [Buckets['task-runs']],
      replicas: 1,
    });
    const harness = new LoadBalancerHarness(server, submitter);
    harness.clients.push(client);
    harness.record(SubjectWildcards.taskResult, TaskResult, harness.results);
    harness.record(SubjectWildcards.breakerTransition, BreakerTransition, harness.transitions);
    await client.connection.flush();
    return harness;
  }

  async startBalancer(
    instanceId: string,
    tune: (settings: LoadBalancerSettings) => void = () => undefined,
  ): Promise<LoadBalancerEngine> {
    const client = await connectTo(this.server.url, instanceId);
    this.clients.push(client);
    const messaging = new Messaging(client, {
      service: 'load-balancer',
      logger: silentLogger(),
      metrics: metrics(),
    });
    const settings = defaultLoadBalancerSettings(instanceId);
    settings.fleet = { ...settings.fleet, slowStartMs: 0, staleAfterMs: 2_000 };
    // Generous on a loaded CI machine: a slow receipt must not open breakers the tests do not expect.
    settings.dispatch = { ...settings.dispatch, receiptTimeoutMs: 5_000 };
    tune(settings);
    const engine = new LoadBalancerEngine(messaging, settings, silentLogger(), metrics());
    await engine.start();
    this.engines.push(engine);
    this.clientOf.set(engine, client);
    return engine;
  }

  /**
   * The replica dies as a process would, seen from the bus: its connection closes at once, with no
   * graceful stop (nothing drained, no durable message acked or released).
   */
  async crashBalancer(engine: LoadBalancerEngine): Promise<void> {
    this.engines.splice(this.engines.indexOf(engine), 1);
    await this.clientOf.get(engine)?.connection.close();
  }

  async startAgents(
    agentIds: readonly string[],
    options: { capacity?: number; zone?: (id: string) => string; capabilities?: string[] } = {},
  ): Promise<AgentHandle[]> {
    if (!this.host) {
      this.host = await AgentHost.start({
        hostId: 'host-1',
        connect: () => connectTo(this.server.url, 'host-1'),
        logger: silentLogger(),
        stopGraceMs: 100,
      });
      this.host.register((agentId) => ({
        spec: {
          zone: options.zone?.(agentId) ?? 'zone-a',
          capabilities: options.capabilities ?? ['work'],
          capacity: options.capacity ?? 8,
          queueLimit: 64,
          heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
        },
        handler: async (task, { signal }) => {
          this.executions.set(task.taskId, (this.executions.get(task.taskId) ?? 0) + 1);
          const behaviour = this.behaviourOf(agentId);
          if (behaviour.hanging)
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          if (behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
          if (behaviour.failing) throw new TaskFailedError('simulated', `agent ${agentId} failing`, true);
          if (behaviour.rejecting)
            throw new TaskFailedError('bad-input', `agent ${agentId} rejects the task`, false);
          return { agentId, echo: task.payload };
        },
      }));
    }
    for (const id of agentIds)
      if (!this.behaviour.has(id)) this.behaviour.set(id, { delayMs: 5, failing: false, hanging: false });
    return Promise.all(agentIds.map((id) => this.host!.startAgent(id)));
  }

  agent(agentId: string): AgentHandle {
    return this.host!.agent(agentId)!;
  }

  behaviourOf(agentId: string): AgentBehaviour {
    return this.behaviour.get(agentId)!;
  }

  task(overrides: Partial<TaskSubmitted> = {}): TaskSubmitted {
    return {
      taskId: `task-${++this.taskCounter}`,
      taskType: 'work',
      priority: 'normal',
      requiredCapabilities: ['work'],
      preferredZones: [],
      payload: { n: this.taskCounter },
      timeoutMs: 10_000,
      maxAttempts: 3,
      submittedBy: 'test',
      submittedAt: new Date().toISOString(),
      ...overrides,
    };
  }

  /** Request/reply submission: resolves with the final result. */
  submit(task: TaskSubmitted, timeoutMs = 15_000): Promise<TaskResult> {
    return this.submitter.publisher.request(
      Subjects.taskRequest(task.taskType),
      TaskSubmitted,
      task,
      TaskResult,
      { timeoutMs },
    );
  }

  /** Runs `count` tasks with at most `concurrency` outstanding; returns their results. */
  async submitMany(
    count: number,
    concurrency: number,
    make: () => TaskSubmitted = () => this.task(),
  ): Promise<TaskResult[]> {
    const results: TaskResult[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next++;
          results.push(await this.submit(make()));
        }
      }),
    );
    return results;
  }

  /** Resolves once every replica routes to all the agents. */
  async allKnown(agentIds: readonly string[]): Promise<void> {
    await eventually(
      () =>
        this.engines.every((engine) => agentIds.every((id) => engine.fleet.get(id)?.lifecycle === 'ready')),
      {
        timeoutMs: 10_000,
      },
    );
  }

  async stop(): Promise<void> {
    for (const engine of this.engines) await engine.stop();
    await this.host?.stop(100);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const client of this.clients) await client.drain().catch(() => undefined);
    await this.server.stop();
  }

  private record<T extends object>(subject: string, messageClass: MessageClass<T>, into: T[]): void {
    this.subscriptions.push(
      this.clients[0].connection.subscribe(subject, {
        callback: (error, message) => {
          if (!error) into.push(this.codec.decode(message, messageClass).payload);
        },
      }),
    );
  }
}
