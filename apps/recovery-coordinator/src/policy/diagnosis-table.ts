import type { FailureType, PatternType, RecoveryPlan } from '@warden/contracts';
import type { RecoveryPolicy } from './recovery-policy';

/** Plans that take a process down and start another, so the old one's work is lost and handed off. */
const PLANS_LOSING_WORK: ReadonlySet<RecoveryPlan> = new Set([
  'restart',
  'restart-kill',
  'drain-then-replace',
  'replace-elsewhere',
]);

/** The diagnosis → action table of the policy. */
export class DiagnosisTable {
  constructor(private readonly policy: Pick<RecoveryPolicy, 'failureActions' | 'patternActions'>) {}

  planForFailure(failureType: FailureType): RecoveryPlan {
    return this.policy.failureActions[failureType];
  }

  planForPattern(patternType: PatternType): RecoveryPlan {
    return this.policy.patternActions[patternType];
  }

  /**
   * A pattern whose plan replaces its agents elsewhere (a dead host or zone) takes its failures over:
   * they are folded into it instead of being restarted one by one.
   */
  patternFoldsFailures(patternType: PatternType): boolean {
    return this.planForPattern(patternType) === 'replace-elsewhere';
  }

  static restarts(plan: RecoveryPlan): boolean {
    return plan === 'restart' || plan === 'restart-kill' || plan === 'drain-then-replace';
  }

  static losesWork(plan: RecoveryPlan): boolean {
    return PLANS_LOSING_WORK.has(plan);
  }
}
