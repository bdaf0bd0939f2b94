import type { SupervisedAgent } from './restart-targets';

/** What of a run under way decides whether the failures that joined it restart anything again. */
export interface AttemptInFlight<A extends SupervisedAgent> {
  failureIds: readonly string[];
  targets: readonly A[];
  /** Failures the attempt's intensity count and budget covered (those in `failureIds` when it began). */
  coveredFailures?: number;
  /** The agents the attempt was admitted for, and took fleet budget for. */
  attemptTargets?: readonly string[];
  /** The incarnation each target was commanded for in this attempt. */
  commanded?: Readonly<Record<string, number>>;
}

/**
 * Whether failures that joined the attempt in flight ask it to restart again an agent it already
 * restarted, or one it was not admitted for. OTP counts every restart a supervisor performs against its
 * intensity; a join that made the attempt command such agents for nothing would let a member crashing
 * each time it comes back restart its group forever. Such a join must be a new attempt, through the
 * intensity gate and the budget. A join that only raises the bar of a target not commanded yet (or adds
 * nothing) rides on the attempt's own count, as the restart it asks for is the one already paid for.
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
    const commandedFor = run.commanded?.[target.agentId];
    return (
      commandedFor !== undefined && (target.replaceCurrent === true || target.incarnation !== commandedFor)
    );
  });
}
