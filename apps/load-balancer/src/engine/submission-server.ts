import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { SpanStatusCode, context as otelContext, type Context } from '@opentelemetry/api';
import {
  RemoteError,
  SubjectWildcards,
  TaskResult,
  TaskSubmitted,
  type MessageClass,
  type RemoteErrorCode,
  type ValidationIssue,
} from '@warden/contracts';
import { DecodeError, MessagingTracer, type MessageCodec } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import { NoAgentAvailableError, TaskDeadlineExceededError } from '../dispatch/dispatch-errors';
import type { TaskDispatcher } from '../dispatch/task-dispatcher';

/**
 * Request/reply submission on `coordination.tasks.request.<taskType>`, queue group `load-balancer`:
 * the reply is the final TaskResult, or a RemoteError — `validation` (with the issues) for a bad
 * submission, `unavailable` when no agent could take it, `timeout` past its deadline. On the raw
 * connection, not the generic responder: each request is held until its task finishes, so a
 * concurrency limit there would cap throughput at limit ÷ task time.
 */
export class SubmissionServer {
  private subscription?: Subscription;
  private readonly pending = new Set<Promise<void>>();
  private readonly tracer = new MessagingTracer();

  constructor(
    private readonly connection: NatsConnection,
    private readonly codec: MessageCodec,
    private readonly source: string,
    private readonly dispatcher: TaskDispatcher,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.subscription = this.connection.subscribe(SubjectWildcards.taskRequest, {
      queue: 'load-balancer',
      callback: (error, message) => {
        if (error) return;
        this.handle(message);
      },
    });
  }

  /** Stops taking submissions; waits for those under way (their callers are waiting). */
  async stop(graceMs: number): Promise<void> {
    await this.subscription?.drain();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.pending),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }

  private handle(message: Msg): void {
    let task: TaskSubmitted;
    let traceContext: Context;
    try {
      ({ payload: task, traceContext } = this.codec.decode(message, TaskSubmitted));
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.replyError(message, 'validation', error.detail, error.reason === 'validation' ? error.issues : []);
      return;
    }
    const subjectType = message.subject.slice(message.subject.lastIndexOf('.') + 1);
    if (subjectType !== task.taskType) {
      this.replyError(
        message,
        'validation',
        `task type ${task.taskType} does not match the subject ${message.subject}`,
        [{ path: 'taskType', constraint: 'matchesSubject', message: `expected ${subjectType}` }],
      );
      return;
    }
    // A SERVER span continuing the submitter's trace; the dispatch to the agent runs inside it.
    const { span, context } = this.tracer.startReceive('serve', traceContext, {
      subject: message.subject,
      subscription: SubjectWildcards.taskRequest,
      consumerGroup: 'load-balancer',
      bodyBytes: message.data.length,
    });
    const answered = otelContext
      .with(context, () => this.dispatcher.run(task))
      .then(
        (result) => this.reply(message, TaskResult, result),
        (error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          this.replyFailure(message, error);
        },
      )
      .finally(() => span.end());
    this.pending.add(answered);
    void answered.finally(() => this.pending.delete(answered));
  }

  private replyFailure(message: Msg, error: unknown): void {
    if (error instanceof NoAgentAvailableError)
      return this.replyError(message, 'unavailable', error.message, []);
    if (error instanceof TaskDeadlineExceededError)
      return this.replyError(message, 'timeout', error.message, []);
    this.logger.error({ err: error, subject: message.subject }, 'task submission failed');
    this.replyError(message, 'internal', error instanceof Error ? error.message : String(error), []);
  }

  private replyError(
    message: Msg,
    code: RemoteErrorCode,
    detail: string,
    issues: readonly ValidationIssue[],
  ): void {
    const error = new RemoteError();
    error.code = code;
    error.message = (detail || code).slice(0, 4096);
    error.issues = issues.slice(0, 100).map((issue) => ({ ...issue }));
    error.respondedBy = this.source;
    this.reply(message, RemoteError, error);
  }

  private reply<T extends object>(message: Msg, messageClass: MessageClass<T>, payload: T): void {
    if (!message.reply) return;
    try {
      const encoded = this.codec.encode(messageClass, payload, { source: this.source });
      message.respond(encoded.data, { headers: encoded.headers });
    } catch (error) {
      this.logger.warn({ err: error, subject: message.subject }, 'submission reply not sent');
    }
  }
}
