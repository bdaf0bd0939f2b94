import type { SupervisedAgent } from './restart-targets';

/** What of a run under way decides whether the failures that joined it restart anything again. */
export interface AttemptInFlight<A extends SupervisedAgent> {
  failureIds: readonly string[];
  targets: readonly A[];
  /** Failures the attempt's intensity count and budget covered (those in `failureIds` when it began). */
  coveredFailures?: number;
  /** The agents the attempt was admitted for, and took fleet budget for. */
  attemptTargets?: readonly string[];
  /** The attempt in flight (the one `coveredFailures` and `attemptTargets` describe). */
  attempt?: number;
  /**
   * The incarnation each target was last commanded for, in this attempt or (carried over by an attempt a
   * join started) one before it; `commandedAttempt` tells which.
   */
  commanded?: Readonly<Record<string, number>>;
  /** The attempt each `commanded` entry was recorded in; without it, every entry is this attempt's. */
  commandedAttempt?: Readonly<Record<string, number>>;
}

/**
 * Whether the attempt in flight itself commanded `agentId` (for the incarnation it returns): an entry
 * carried over from an attempt before is a restart that attempt paid for, not this one. An entry without
 * an attempt (a record written before they were kept) counts as this attempt's, as it did then.
 */
export function commandedInAttempt(
  run: AttemptInFlight<SupervisedAgent>,
  agentId: string,
): number | undefined {
  const incarnation = run.commanded?.[agentId];
  if (incarnation === undefined) return undefined;
  const recordedIn = run.commandedAttempt?.[agentId];
  return recordedIn === undefined || run.attempt === undefined || recordedIn >= run.attempt
    ? incarnation
    : undefined;
}

/**
 * Whether failures that joined the attempt in flight ask it to restart again an agent it already
 * restarted, or one it was not admitted for. OTP counts every restart a supervisor performs against its
 * intensity; a join that made the attempt command such agents for nothing would let a member crashing
 * each time it comes back restart its group forever. Such a join must be a new attempt, through the
 * intensity gate and the budget. A join that only raises the bar of a target not commanded yet (or adds
 * nothing) rides on the attempt's own count, as the restart it asks for is the one already paid for.
 * Only this attempt's commands count: an attempt a join started also carries the commands of the one
 * before it (a target still coming back from those is waited for), and reading those as its own would
 * make every later join a new attempt until that target is back.
 */
export function joinRestartsAgain<A extends SupervisedAgent>(
  run: AttemptInFlight<A>,
  recovered: (target: A) => boolean,
): boolean {
  if (run.coveredFailures === undefined || run.failureIds.length <= run.coveredFailures) return false;
  const admitted = new Set(run.attemptTargets ?? []);
  return run.targets.some((target) => {
    if (recovered(target)) return false;
    if (!admitted.has(target.agentId)) return true;
    const commandedFor = commandedInAttempt(run, target.agentId);
    return (
      commandedFor !== undefined && (target.replaceCurrent === true || target.incarnation !== commandedFor)
    );
  });
}
