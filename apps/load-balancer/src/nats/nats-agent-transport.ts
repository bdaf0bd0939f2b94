import type { Msg, NatsConnection } from '@nats-io/nats-core';
import {
  CommandReceipt,
  RemoteError,
  Subjects,
  TaskAssigned,
  TaskDispatch,
  messageTypeOf,
} from '@warden/contracts';
import type { MessageCodec } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { AgentTransport, DispatchReceipt } from '../dispatch/agent-transport';
import { AttemptFailedError } from '../dispatch/dispatch-errors';

const RECEIPT_CLASSES = {
  [messageTypeOf(CommandReceipt)]: CommandReceipt,
  [messageTypeOf(RemoteError)]: RemoteError,
};

/**
 * Dispatch over the raw nats.js connection with the shared codec (same envelope and trace headers as
 * the Publisher, without its generic per-call overhead on the hot path). Assignments are published
 * core into the COORDINATION stream's subject: stored by JetStream, but the dispatch does not wait
 * for the store's ack.
 */
export class NatsAgentTransport implements AgentTransport {
  constructor(
    private readonly connection: NatsConnection,
    private readonly codec: MessageCodec,
    private readonly source: string,
    private readonly logger: Logger,
  ) {}

  async dispatch(agentId: string, task: TaskDispatch, timeoutMs: number): Promise<DispatchReceipt> {
    const encoded = this.codec.encode(TaskDispatch, task, { source: this.source });
    let reply: Msg;
    try {
      reply = await this.connection.request(Subjects.agentTasks(agentId), encoded.data, {
        timeout: timeoutMs,
        headers: encoded.headers,
      });
    } catch (error) {
      throw new AttemptFailedError('unreachable', agentId, describe(error, timeoutMs));
    }
    const answer = this.codec.decode<CommandReceipt | RemoteError>(reply, RECEIPT_CLASSES).payload;
    if (answer instanceof RemoteError)
      return { accepted: false, reason: `${answer.code}: ${answer.message}` };
    return answer.accepted ? { accepted: true } : { accepted: false, reason: answer.reason ?? 'refused' };
  }

  recordAssignment(assignment: TaskAssigned): void {
    try {
      const encoded = this.codec.encode(TaskAssigned, assignment, { source: this.source });
      this.connection.publish(Subjects.taskAssigned(assignment.agentId), encoded.data, {
        headers: encoded.headers,
      });
    } catch (error) {
      this.logger.warn({ err: error, taskId: assignment.taskId }, 'assignment not recorded');
    }
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/no ?responders/i.test(text) || /503/.test(text)) return 'no responders (the agent is not listening)';
  if (/timeout/i.test(text)) return `no receipt within ${timeoutMs} ms`;
  return text;
}
