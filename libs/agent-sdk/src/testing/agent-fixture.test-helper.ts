import {
  AgentControlCommand,
  CommandReceipt,
  Heartbeat,
  RecoveryCommand,
  Subjects,
  TaskDispatch,
  createMessage,
  type AgentControlAction,
  type RecoveryAction,
} from '@warden/contracts';
import {
  Messaging,
  MessageCodec,
  NatsConnectionConfig,
  connectNats,
  type NatsClient,
} from '@warden/messaging';
import { MetricsRegistry, createLogger, type Logger } from '@warden/telemetry';
import type { Subscription } from '@nats-io/nats-core';
import { Writable } from 'node:stream';

export function silentLogger(): Logger {
  return createLogger({
    service: 'test',
    instanceId: 'test',
    level: 'fatal',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

export function connectTo(url: string, name: string): Promise<NatsClient> {
  const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: url });
  return connectNats(config, { name, logger: silentLogger() });
}

/** The test's side of the wire: a router/operator that dispatches tasks and sends commands. */
export function operatorMessaging(client: NatsClient): Messaging {
  return new Messaging(client, {
    service: 'test-operator',
    logger: silentLogger(),
    metrics: new MetricsRegistry({
      service: 'test-operator',
      instanceId: 'test',
      collectProcessMetrics: false,
    }),
  });
}

/** Every heartbeat of one agent id, decoded and validated by the same codec the services use. */
export class HeartbeatRecorder {
  readonly beats: Heartbeat[] = [];
  private readonly codec = new MessageCodec();
  private constructor(private readonly subscription: Subscription) {}

  static async start(client: NatsClient, agentId: string): Promise<HeartbeatRecorder> {
    const subscription = client.connection.subscribe(Subjects.heartbeatOf(agentId));
    const recorder = new HeartbeatRecorder(subscription);
    void recorder.receive();
    await client.connection.flush();
    return recorder;
  }

  ofIncarnation(incarnation: number): Heartbeat[] {
    return this.beats.filter((beat) => beat.incarnation === incarnation);
  }

  get last(): Heartbeat | undefined {
    return this.beats[this.beats.length - 1];
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  private async receive(): Promise<void> {
    for await (const message of this.subscription)
      this.beats.push(this.codec.decode(message, Heartbeat).payload);
  }
}

export function taskDispatch(
  taskId: string,
  payload: Record<string, unknown> = {},
  timeoutMs = 30_000,
): TaskDispatch {
  return createMessage(TaskDispatch, {
    taskId,
    taskType: 'test-work',
    priority: 'normal',
    payload,
    attempt: 1,
    timeoutMs,
    assignedAt: new Date().toISOString(),
  });
}

export function dispatch(operator: Messaging, agentId: string, task: TaskDispatch): Promise<CommandReceipt> {
  return operator.publisher.request(Subjects.agentTasks(agentId), TaskDispatch, task, CommandReceipt, {
    timeoutMs: 5000,
  });
}

let commandCounter = 0;

export function control(
  operator: Messaging,
  agentId: string,
  action: AgentControlAction,
  incarnation: number,
  extra: Partial<AgentControlCommand> = {},
): Promise<CommandReceipt> {
  const command = createMessage(AgentControlCommand, {
    commandId: `cmd-${++commandCounter}`,
    action,
    agentId,
    incarnation,
    reason: 'test',
    issuedBy: 'test-operator',
    issuedAt: new Date().toISOString(),
    ...extra,
  });
  return operator.publisher.request(
    Subjects.agentControl(agentId),
    AgentControlCommand,
    command,
    CommandReceipt,
    { timeoutMs: 5000 },
  );
}

export function recover(
  operator: Messaging,
  hostId: string,
  agentId: string,
  action: RecoveryAction,
  incarnation: number,
  fencingToken: number,
  graceMs?: number,
): Promise<CommandReceipt> {
  const command = createMessage(RecoveryCommand, {
    ...(graceMs !== undefined ? { graceMs } : {}),
    commandId: `rec-${++commandCounter}`,
    action,
    agentId,
    hostId,
    incarnation,
    fencingToken,
    attempt: 1,
    timeoutMs: 30_000,
    reason: { summary: 'test' },
    issuedBy: 'test-operator',
    issuedAt: new Date().toISOString(),
  });
  return operator.publisher.request(Subjects.hostControl(hostId), RecoveryCommand, command, CommandReceipt, {
    timeoutMs: 5000,
  });
}

/** A promise with its settle functions, so a test controls when a task ends. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
