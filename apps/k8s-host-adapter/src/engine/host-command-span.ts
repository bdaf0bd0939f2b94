import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { CommandReceipt, RecoveryCommand } from '@warden/contracts';
import type { HandledCommand } from '../domain/kubernetes-host';

const TRACER_NAME = '@warden/k8s-host-adapter';

/**
 * The CONSUMER span of a host command, named and attributed as AgentHost's (`host.command <action>`,
 * agent-sdk tracing/agent-spans.ts) so a trace reads the same whichever host obeyed; a child of the
 * request's span, hence of the coordinator's decision. Kubernetes adds what was done (the API steps) or
 * the typed failure.
 */
export function inHostCommandSpan(
  command: RecoveryCommand,
  hostId: string,
  handle: () => Promise<HandledCommand>,
): Promise<CommandReceipt> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(
    `host.command ${command.action}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'warden.host.id': hostId,
        'warden.host.kind': 'kubernetes',
        'warden.agent.id': command.agentId,
        'warden.command.id': command.commandId,
        'warden.command.action': command.action,
        'warden.command.fencing_token': command.fencingToken,
      },
    },
    async (span) => {
      try {
        const { receipt, outcome } = await handle();
        span.setAttribute('warden.command.accepted', receipt.accepted);
        if (!receipt.accepted && receipt.reason) span.setAttribute('warden.command.refusal', receipt.reason);
        if (outcome?.kind === 'obeyed') span.setAttribute('warden.k8s.steps', outcome.steps);
        if (outcome?.kind === 'failed') span.setAttribute('warden.k8s.failure', outcome.failure);
        return receipt;
      } catch (error) {
        const asError = error instanceof Error ? error : new Error(String(error));
        span.recordException(asError);
        span.setStatus({ code: SpanStatusCode.ERROR, message: asError.message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
