import { CommandReceipt, RecoveryCommand, Subjects } from '@warden/contracts';
import { NoRespondersError, RequestTimeoutError, type Publisher } from '@warden/messaging';
import { getTracer, inDecisionSpan } from '@warden/telemetry';
import type { ExecutionPolicy } from '../policy/recovery-policy';
import { abortableDelay } from './abortable-delay';

export type CommandOutcome =
  { kind: 'accepted' } | { kind: 'refused'; reason: string } | { kind: 'unreachable'; detail: string };

/** A host refused the command because a later decision (a higher fencing token) was obeyed there first. */
export function isStaleFencingRefusal(outcome: CommandOutcome): boolean {
  return outcome.kind === 'refused' && outcome.reason.startsWith('stale fencing token');
}

const tracer = getTracer('recovery-coordinator');

/**
 * Sends a RecoveryCommand to `host.<hostId>.control` by request/reply: `commandAttempts` requests of
 * `commandTimeoutMs` each, `commandRetryDelayMs` apart, all with the same command id, so a host that
 * obeyed a request whose reply was lost answers the retry with its first receipt instead of acting twice.
 */
export class HostCommander {
  constructor(
    private readonly publisher: Publisher,
    private readonly execution: ExecutionPolicy,
  ) {}

  /** Inside a `recovery.command <action>` span, so the host's handling nests under the command it obeys. */
  send(command: RecoveryCommand, signal: AbortSignal): Promise<CommandOutcome> {
    return inDecisionSpan(
      tracer,
      `recovery.command ${command.action}`,
      {
        'warden.command.id': command.commandId,
        'warden.command.action': command.action,
        'warden.host.id': command.hostId,
        'warden.agent.id': command.agentId,
        'warden.agent.incarnation': command.incarnation,
        'warden.recovery.fencing_token': command.fencingToken,
      },
      async (span) => {
        const outcome = await this.sendAttempts(command, signal);
        span.setAttribute('warden.command.outcome', outcome.kind);
        return outcome;
      },
    );
  }

  private async sendAttempts(command: RecoveryCommand, signal: AbortSignal): Promise<CommandOutcome> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.execution.commandAttempts; attempt++) {
      signal.throwIfAborted();
      try {
        const receipt = await this.publisher.request(
          Subjects.hostControl(command.hostId),
          RecoveryCommand,
          command,
          CommandReceipt,
          { timeoutMs: this.execution.commandTimeoutMs, id: `${command.commandId}-${attempt}` },
        );
        return receipt.accepted
          ? { kind: 'accepted' }
          : { kind: 'refused', reason: receipt.reason ?? 'refused' };
      } catch (error) {
        if (!(error instanceof RequestTimeoutError || error instanceof NoRespondersError)) throw error;
        lastProblem = error.message;
      }
      if (attempt < this.execution.commandAttempts)
        await abortableDelay(this.execution.commandRetryDelayMs, signal);
    }
    return {
      kind: 'unreachable',
      detail: `${this.execution.commandAttempts} requests to host ${command.hostId} unanswered (${lastProblem})`,
    };
  }
}
