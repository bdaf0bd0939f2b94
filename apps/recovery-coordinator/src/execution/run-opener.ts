import type {
  RecoveryAction,
  RecoveryPlan,
  RestartType,
  Severity,
  SupervisionStrategy,
} from '@warden/contracts';
import type { RecoveryContext } from '../engine/recovery-context';
import type { GroupPolicy } from '../policy/recovery-policy';
import { derivedId } from '../state/derived-id';
import { EMPTY_SCOPE, type RecoveryRun, type RunTarget, type ScopeRecord } from '../state/recovery-records';
import { Backoff } from '../supervision/backoff';

/** What a new run is about; the opener adds ownership, backoff and bookkeeping. */
export interface RunRequest {
  scopeKey: string;
  group: GroupPolicy;
  strategy: SupervisionStrategy;
  restartType: RestartType;
  plan: RecoveryPlan;
  action: RecoveryAction;
  diagnosis: string;
  severity: Severity;
  failureId: string;
  patternId?: string;
  failed: RunTarget;
  targets: RunTarget[];
  /**
   * The targets of the run under way in the scope once this failure joins it (OTP's target set for the
   * strategy, see `joinedTargets`); computed by whoever knows the group's members and start order.
   */
  extend: (running: readonly RunTarget[]) => RunTarget[];
  /** Set on a parent group's run: the child group that gave up. */
  childGroup?: string;
}

export type OpenOutcome =
  | { kind: 'created'; run: RecoveryRun; delayMs: number }
  | { kind: 'joined'; run: RecoveryRun }
  | { kind: 'duplicate' };

/**
 * Opens a run in its scope's record by compare-and-set, or joins the run already under way there — the
 * same failure delivered twice, a second failure of an agent being restarted, a sibling failing during
 * its group's restart — so each scope has at most one run and a group decision is taken once.
 */
export class RunOpener {
  constructor(private readonly context: RecoveryContext) {}

  async open(request: RunRequest): Promise<OpenOutcome> {
    const { instanceId, policy, random } = this.context;
    const backoff = new Backoff(request.group.backoff);
    const now = Date.now();
    const { result } = await this.context.store.mutate<ScopeRecord, OpenOutcome>(
      request.scopeKey,
      EMPTY_SCOPE,
      (record) => {
        const seen =
          record.handledFailureIds.includes(request.failureId) ||
          record.run?.failureIds.includes(request.failureId);
        if (seen) return { result: { kind: 'duplicate' } };
        if (record.run) {
          // The run's executor reads its targets again before each command and before it closes, so the
          // targets added or raised here (a newer incarnation to beat) are commanded in this run.
          const targets = request.extend(record.run.targets);
          const run: RecoveryRun = {
            ...record.run,
            failureIds: [...record.run.failureIds, request.failureId],
            targets,
          };
          return { next: { ...record, run }, result: { kind: 'joined', run } };
        }
        const delayMs = backoff.delayMs(backoff.nextRestartNumber(record, now), random);
        const run: RecoveryRun = {
          runId: derivedId('run', request.scopeKey, request.failureId),
          group: request.group.name,
          strategy: request.strategy,
          restartType: request.restartType,
          plan: request.plan,
          diagnosis: request.diagnosis,
          severity: request.severity,
          failureIds: [request.failureId],
          ...(request.patternId ? { patternId: request.patternId } : {}),
          failed: request.failed,
          targets: request.targets,
          ...(request.childGroup ? { childGroup: request.childGroup } : {}),
          action: request.action,
          attempt: 0,
          phase: 'pending',
          dueAt: now + delayMs,
          commandIds: {},
          commandRound: 0,
          owner: instanceId,
          leaseUntil: now + policy.execution.runLeaseMs,
          startedAt: now,
          history: [],
        };
        return { next: { ...record, run }, result: { kind: 'created', run, delayMs } };
      },
    );
    return result;
  }
}
