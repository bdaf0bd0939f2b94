/** What a command says about who sent it and which process it means. */
export interface FencedCommand {
  commandId: string;
  incarnation: number;
  fencingToken?: number;
}

export type GateVerdict = { accepted: true } | { accepted: false; reason: string };

/**
 * Decides whether a control command may act: only on the incarnation it names, and never from an
 * issuer whose fencing token is lower than one already obeyed (a deposed leader acting late). The
 * highest token rises only when a command is accepted, so a refused command cannot lock out the
 * current leader.
 */
export class CommandGate {
  private highestToken = -1;

  get highestFencingToken(): number | undefined {
    return this.highestToken < 0 ? undefined : this.highestToken;
  }

  check(command: FencedCommand, runningIncarnation: number | undefined): GateVerdict {
    if (command.fencingToken !== undefined && command.fencingToken < this.highestToken) {
      return {
        accepted: false,
        reason: `stale fencing token ${command.fencingToken} < ${this.highestToken}`,
      };
    }
    if (runningIncarnation === undefined) {
      return { accepted: false, reason: `no incarnation of this agent is known here` };
    }
    if (command.incarnation !== runningIncarnation) {
      return {
        accepted: false,
        reason: `incarnation ${command.incarnation} is not the current one (${runningIncarnation})`,
      };
    }
    return { accepted: true };
  }

  /** Records an obeyed command's token. */
  accept(command: FencedCommand): void {
    if (command.fencingToken !== undefined)
      this.highestToken = Math.max(this.highestToken, command.fencingToken);
  }
}
