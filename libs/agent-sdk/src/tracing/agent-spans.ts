import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context as otelContext,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { CommandReceipt, RecoveryCommand, TaskDispatch } from '@warden/contracts';

const TRACER_NAME = '@warden/agent-sdk';

/**
 * Runs `send` outside any trace, so each heartbeat's producer span is a root of its own: sampled by
 * OTEL_TRACES_SAMPLER like any new trace, and never a child of whatever started the agent (a host's
 * restart command would otherwise own every later heartbeat through the interval timer's context).
 */
export function asOwnTrace<T>(send: () => T): T {
  return otelContext.with(ROOT_CONTEXT, send);
}

/**
 * The CONSUMER span of a task's handler, continuing the dispatch's trace (`parent`: the context the task
 * request arrived in, taken when it arrived, because a queued task runs later from another task's
 * completion). The handler runs inside it, so what it sends joins the task's trace; it ends with the
 * handler's outcome.
 */
export async function inTaskSpan<T>(
  task: TaskDispatch,
  agent: { id: string; incarnation: number },
  parent: Context,
  run: () => Promise<T>,
): Promise<T> {
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `task ${task.taskType}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'warden.task.id': task.taskId,
        'warden.task.type': task.taskType,
        'warden.task.attempt': task.attempt,
        'warden.agent.id': agent.id,
        'warden.agent.incarnation': agent.incarnation,
      },
    },
    parent,
  );
  try {
    const result = await otelContext.with(trace.setSpan(parent, span), run);
    span.setAttribute('warden.task.outcome', 'succeeded');
    return result;
  } catch (error) {
    span.setAttribute('warden.task.outcome', 'failed');
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The CONSUMER span of a recovery command a host obeys (restart, replace, drain, stop), a child of the
 * request's span and so of the coordinator's decision; the work the command sets going starts inside it.
 */
export function inHostCommandSpan(
  command: RecoveryCommand,
  hostId: string,
  obey: () => CommandReceipt,
): CommandReceipt {
  return trace.getTracer(TRACER_NAME).startActiveSpan(
    `host.command ${command.action}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'warden.host.id': hostId,
        'warden.agent.id': command.agentId,
        'warden.command.id': command.commandId,
        'warden.command.action': command.action,
      },
    },
    (span) => {
      try {
        const receipt = obey();
        span.setAttribute('warden.command.accepted', receipt.accepted);
        if (!receipt.accepted && receipt.reason) span.setAttribute('warden.command.refusal', receipt.reason);
        return receipt;
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function failed(span: Span, error: unknown): void {
  const asError = error instanceof Error ? error : new Error(String(error));
  span.recordException(asError);
  span.setStatus({ code: SpanStatusCode.ERROR, message: asError.message });
}
