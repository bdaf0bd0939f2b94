/**
 * One rule's condition on one agent, as an episode: it starts at the first heartbeat on which the
 * condition holds, fires once when it has held for `forMs`, and ends (re-arming the rule) on the first
 * heartbeat on which it no longer holds. A condition that flickers never fires; one that persists fires
 * once, not on every beat.
 */
export class ConditionEpisode {
  private startedAt?: number;
  private startedAtSequence = 0;
  private fired = false;

  /** True exactly when the rule fires on this heartbeat. */
  observe(holds: boolean, at: number, sequence: number, forMs: number): boolean {
    if (!holds) {
      this.startedAt = undefined;
      this.fired = false;
      return false;
    }
    if (this.startedAt === undefined) {
      this.startedAt = at;
      this.startedAtSequence = sequence;
    }
    if (this.fired || at - this.startedAt < forMs) return false;
    this.fired = true;
    return true;
  }

  /** How long the current episode has held; 0 outside an episode. */
  heldMs(at: number): number {
    return this.startedAt === undefined ? 0 : at - this.startedAt;
  }

  /** The sequence of the heartbeat that started the episode: with the incarnation, it names the episode. */
  get startSequence(): number {
    return this.startedAtSequence;
  }
}
