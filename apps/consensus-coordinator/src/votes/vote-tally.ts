import type { VoteOutcomeKind } from '@warden/contracts';

/**
 * Counts one vote: accepted once `requiredYes` participants said yes, rejected once that can no longer
 * happen (no votes, and participants that failed to answer, leave too few), expired at the deadline.
 * The first verdict is final; later ballots are still recorded for the report.
 */
export class VoteTally {
  readonly yes: string[] = [];
  readonly no: string[] = [];
  private readonly unanswered: Set<string>;
  private unreachable = 0;
  private verdict?: VoteOutcomeKind;

  constructor(
    participants: readonly string[],
    readonly requiredYes: number,
  ) {
    this.unanswered = new Set(participants);
  }

  get outcome(): VoteOutcomeKind | undefined {
    return this.verdict;
  }

  get silent(): string[] {
    return [...this.unanswered].sort();
  }

  ballot(agentId: string, accept: boolean): VoteOutcomeKind | undefined {
    if (!this.unanswered.delete(agentId)) return this.verdict;
    (accept ? this.yes : this.no).push(agentId);
    return this.judge();
  }

  /** A participant that cannot answer (no responder, an error) counts against acceptance at once. */
  unreachableParticipant(agentId: string): VoteOutcomeKind | undefined {
    if (!this.unanswered.has(agentId)) return this.verdict;
    this.unreachable++;
    return this.judge();
  }

  expire(): VoteOutcomeKind {
    this.verdict ??= 'expired';
    return this.verdict;
  }

  private judge(): VoteOutcomeKind | undefined {
    if (this.verdict) return this.verdict;
    const stillPossible = this.yes.length + this.unanswered.size - this.unreachable;
    if (this.yes.length >= this.requiredYes) this.verdict = 'accepted';
    else if (stillPossible < this.requiredYes) this.verdict = 'rejected';
    return this.verdict;
  }
}
