import type { RecoveryCommand } from '@warden/contracts';
import type { CommandGate } from '../control/command-gate';

/** What the host knows about the commanded agent. */
export interface AgentOnHost {
  /** The incarnation running now, or the last one if it crashed; undefined when it never ran here. */
  incarnation?: number;
  /** Whether a factory can build it here (needed to start a replacement it did not run). */
  buildable: boolean;
}

/**
 * Why a host refuses a recovery command, or undefined when it obeys. Fencing first (a deposed coordinator
 * must not act at all), then the incarnation: restart, drain and stop act only on the incarnation the
 * host has (running, or last crashed); a replacement may start an agent the host never ran.
 */
export function recoveryCommandRefusal(
  command: RecoveryCommand,
  hostId: string,
  agent: AgentOnHost,
  gate: CommandGate,
): string | undefined {
  if (command.hostId !== hostId) return `addressed to host ${command.hostId}, this is ${hostId}`;
  if (command.action === 'replace' && agent.incarnation === undefined) {
    if (!agent.buildable) return `host ${hostId} has no factory for agent ${command.agentId}`;
    const fencing = gate.check(command, command.incarnation);
    return fencing.accepted ? undefined : fencing.reason;
  }
  if (agent.incarnation === undefined) return `agent ${command.agentId} does not run on host ${hostId}`;
  const verdict = gate.check(command, agent.incarnation);
  if (!verdict.accepted) return verdict.reason;
  if ((command.action === 'restart' || command.action === 'replace') && !agent.buildable) {
    return `host ${hostId} has no factory for agent ${command.agentId}`;
  }
  return undefined;
}
