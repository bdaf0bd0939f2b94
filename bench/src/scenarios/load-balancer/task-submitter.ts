import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  RemoteError,
  Subjects,
  TaskDispatch,
  TaskResult,
  TaskSubmitted,
  messageTypeOf,
} from '@warden/contracts';
import { CommandReceipt } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';

const REPLIES = {
  [messageTypeOf(TaskResult)]: TaskResult,
  [messageTypeOf(CommandReceipt)]: CommandReceipt,
  [messageTypeOf(RemoteError)]: RemoteError,
};

export class TaskRefusedError extends Error {
  constructor(detail: string) {
    super(`task not completed: ${detail}`);
    this.name = 'TaskRefusedError';
  }
}

/** Submits tasks the way an application does, on a plain nats.js connection with the shared codec. */
export class TaskSubmitter {
  private readonly codec = new MessageCodec();
  private counter = 0;

  private constructor(readonly connection: NatsConnection) {}

  static async open(url: string): Promise<TaskSubmitter> {
    return new TaskSubmitter(await connect({ servers: url, name: 'bench-submitter' }));
  }

  /** Through the load balancer: request/reply, resolves with the final result. */
  async submit(taskType: string, timeoutMs = 10_000): Promise<TaskResult> {
    const task: TaskSubmitted = {
      taskId: `bench-${process.pid}-${++this.counter}`,
      taskType,
      priority: 'normal',
      requiredCapabilities: ['bench'],
      preferredZones: [],
      payload: { n: this.counter },
      timeoutMs,
      maxAttempts: 3,
      submittedBy: 'bench',
      submittedAt: new Date().toISOString(),
    };
    const encoded = this.codec.encode(TaskSubmitted, task, { source: 'bench' });
    const reply = await this.connection.request(Subjects.taskRequest(taskType), encoded.data, {
      timeout: timeoutMs + 2_000,
      headers: encoded.headers,
    });
    const answer = this.codec.decode<TaskResult | CommandReceipt | RemoteError>(reply, REPLIES).payload;
    if (answer instanceof TaskResult && answer.outcome === 'succeeded') return answer;
    throw new TaskRefusedError(
      answer instanceof RemoteError ? `${answer.code}: ${answer.message}` : JSON.stringify(answer),
    );
  }

  /** The baseline: raw request/reply straight to one agent's task inbox, answered by its receipt. */
  async dispatchDirect(agentId: string): Promise<void> {
    const task: TaskDispatch = {
      taskId: `direct-${process.pid}-${++this.counter}`,
      taskType: 'bench',
      priority: 'normal',
      payload: { n: this.counter },
      attempt: 1,
      timeoutMs: 10_000,
      assignedAt: new Date().toISOString(),
    };
    const encoded = this.codec.encode(TaskDispatch, task, { source: 'bench' });
    const reply = await this.connection.request(Subjects.agentTasks(agentId), encoded.data, {
      timeout: 10_000,
      headers: encoded.headers,
    });
    const answer = this.codec.decode<CommandReceipt | RemoteError>(reply, REPLIES).payload;
    if (!(answer instanceof CommandReceipt) || !answer.accepted)
      throw new TaskRefusedError(JSON.stringify(answer));
  }

  close(): Promise<void> {
    return this.connection.drain();
  }
}
