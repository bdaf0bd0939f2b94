import type { AgentHealthRecord, FailureDetected, RecoveryAction, RecoveryPlan } from '@warden/contracts';
import { planReplacements } from '../execution/replacement-planner';
import { RunOpener, type RunRequest } from '../execution/run-opener';
import type { RunSupervisor } from '../execution/run-supervisor';
import type { LedgerEntry } from '../ledger/recovery-ledger';
import { DiagnosisTable } from '../policy/diagnosis-table';
import type { GroupPolicy } from '../policy/recovery-policy';
import { derivedId } from '../state/derived-id';
import { GroupMembers } from '../registry/group-members';
import { StartOrderBook } from '../registry/start-order-book';
import { RecoveryKeys, type RunTarget } from '../state/recovery-records';
import { scopeValueOf } from '../supervision/intensity-scope';
import { joinedTargets, restartTargets } from '../supervision/restart-targets';
import { restartTypeAllows } from '../supervision/restart-type';
import type { RecoveryContext } from './recovery-context';
import { WorkHandoffs } from './work-handoffs';

/** How long a failure naming a pattern not read yet waits for it before it is decided without it. */
const PATTERN_WAIT_MS = 3_000;

/** The host action each plan's attempts send. */
const ACTION_OF_PLAN: Partial<Record<RecoveryPlan, RecoveryAction>> = {
  restart: 'restart',
  'restart-kill': 'restart',
  'drain-then-replace': 'replace',
  'drain-and-quarantine': 'drain',
  'replace-elsewhere': 'replace',
};

/**
 * Decides what to do about one FailureDetected (delivered to one replica by the shared durable
 * consumer): ignore it when a newer incarnation already runs, fold it into a dead host's or zone's
 * pattern, escalate it, or open (or join) a recovery run for its supervision scope. Idempotent by
 * failureId: the scope record remembers the failures it handled, and every event it publishes has an id
 * derived from the failure.
 */
export class FailureIntake {
  private readonly opener: RunOpener;
  private readonly handoffs: WorkHandoffs;
  private readonly members: GroupMembers;
  private readonly startOrders: StartOrderBook;

  constructor(
    private readonly context: RecoveryContext,
    private readonly runs: RunSupervisor,
  ) {
    this.opener = new RunOpener(context);
    this.handoffs = new WorkHandoffs(context);
    this.members = new GroupMembers(context.registry, context.health, context.groups);
    this.startOrders = new StartOrderBook(context.store, context.policy.groups, context.registry);
  }

  async handle(failure: FailureDetected): Promise<void> {
    const { registry, health, patterns, groups, table, ledger } = this.context;
    const record = registry.get(failure.agentId);
    const group = groups.groupOf({ agentId: failure.agentId, capabilities: record?.capabilities ?? [] });
    const plan: RecoveryPlan =
      group.strategy === 'escalate' ? 'escalate' : table.planForFailure(failure.failureType);
    const entry = this.entryOf(failure, group, plan);

    const newest = Math.max(record?.incarnation ?? 0, health.latestOf(failure.agentId)?.incarnation ?? 0);
    if (newest > failure.incarnation) {
      await ledger.record(`${failure.failureId}:ignored`, {
        ...entry,
        kind: 'ignored',
        summary: `${failure.failureType} of incarnation ${failure.incarnation}, already replaced by ${newest}`,
      });
      return;
    }

    if (failure.patternId) await patterns.whenKnown(failure.patternId, PATTERN_WAIT_MS);
    const pattern = patterns.foldingPatternFor(failure, Date.now());
    if (pattern) {
      await ledger.record(`${failure.failureId}:folded`, {
        ...entry,
        kind: 'folded',
        patternId: pattern.patternId,
        summary: `${failure.failureType} of ${failure.agentId} folded into ${pattern.patternType} pattern ${pattern.patternId}: no restart of its own`,
      });
      await this.handoffs.handOff(failure, record, entry);
      return;
    }

    if (plan === 'none') {
      await ledger.record(`${failure.failureId}:policy`, {
        ...entry,
        kind: 'policy-fired',
        summary: `${failure.failureType}: no action configured`,
      });
      return;
    }
    if (plan === 'escalate') {
      await this.escalate(failure, entry, group);
      return;
    }
    const last = record && record.incarnation === failure.incarnation ? record : undefined;
    if (DiagnosisTable.restarts(plan) && !restartTypeAllows(group.restart, last)) {
      await ledger.record(`${failure.failureId}:restart-type`, {
        ...entry,
        kind: 'suppressed',
        summary: `${failure.agentId} is ${group.restart} in group ${group.name}: not restarted after ${failure.failureType}`,
      });
      await this.handoffs.handOff(failure, record, entry);
      return;
    }
    await this.openRun(failure, record, group, plan, entry);
  }

  private async openRun(
    failure: FailureDetected,
    record: AgentHealthRecord | undefined,
    group: GroupPolicy,
    plan: RecoveryPlan,
    entry: LedgerEntry,
  ): Promise<void> {
    const failed: RunTarget = {
      agentId: failure.agentId,
      hostId: failure.hostId,
      zone: failure.zone,
      incarnation: failure.incarnation,
    };
    const grouped =
      (group.strategy === 'one_for_all' || group.strategy === 'rest_for_one') &&
      (plan === 'restart' || plan === 'restart-kill');
    const siblings =
      grouped || this.startOrders.records(group)
        ? this.members
            .of(new Set([group.name]), group, failed)
            .filter((agent) => agent.agentId !== failed.agentId)
        : [];
    // Recorded for the groups of a supervisor tree too, not only the grouped strategies: a group that
    // gives up stops its agents in reverse start order, and its parent restarts them in start order.
    const order = await this.startOrders.orderOf(group, failed, [failed, ...siblings]);
    const targets = grouped
      ? restartTargets(group.strategy, failed, siblings, order)
      : [this.placed(failed, plan)];
    if (targets.length === 0) return;
    const request: RunRequest = {
      scopeKey: grouped
        ? RecoveryKeys.groupScope(group.name, scopeValueOf(group, failure))
        : RecoveryKeys.agentScope(failure.agentId),
      extend: (running) =>
        joinedTargets(grouped ? group.strategy : 'one_for_one', running, failed, siblings, order),
      group,
      strategy: group.strategy,
      restartType: group.restart,
      plan,
      action: ACTION_OF_PLAN[plan] ?? 'restart',
      diagnosis: failure.failureType,
      severity: failure.severity,
      failureId: failure.failureId,
      ...(failure.patternId ? { patternId: failure.patternId } : {}),
      failed,
      targets,
    };
    const outcome = await this.opener.open(request);
    if (outcome.kind === 'duplicate') return;
    const affectedAgentIds = outcome.run.targets.map((target) => target.agentId);
    if (outcome.kind === 'joined') {
      await this.context.ledger.record(`${failure.failureId}:joined`, {
        ...entry,
        kind: 'joined',
        runId: outcome.run.runId,
        affectedAgentIds,
        summary: `${failure.failureType} of ${failure.agentId} joins run ${outcome.run.runId} already under way`,
      });
      return;
    }
    await this.context.ledger.record(`${failure.failureId}:policy`, {
      ...entry,
      kind: 'policy-fired',
      runId: outcome.run.runId,
      affectedAgentIds,
      summary: `${failure.failureType} of ${failure.agentId}: group ${group.name} (${group.strategy}, ${group.restart}) → ${plan} of ${affectedAgentIds.join(', ')}`,
    });
    if (outcome.delayMs > 0) {
      await this.context.ledger.record(`${outcome.run.runId}:delayed:1`, {
        ...entry,
        kind: 'delayed',
        runId: outcome.run.runId,
        attempt: 1,
        delayMs: outcome.delayMs,
        summary: `attempt 1 in ${outcome.delayMs} ms (backoff ${group.backoff.kind})`,
      });
    }
    if (DiagnosisTable.losesWork(plan)) await this.handoffs.handOff(failure, record, entry);
    this.runs.run(request.scopeKey, outcome.run.runId);
  }

  /** For replace-elsewhere of a single agent: a healthy host outside the failed one, else its own host. */
  private placed(failed: RunTarget, plan: RecoveryPlan): RunTarget {
    if (plan !== 'replace-elsewhere') return failed;
    const placement = planReplacements(
      [failed.agentId],
      this.context.registry.all(),
      { hostIds: [failed.hostId], zones: [] },
      1,
    ).get(failed.agentId);
    return placement ? { ...failed, ...placement } : failed;
  }

  private async escalate(failure: FailureDetected, entry: LedgerEntry, group: GroupPolicy): Promise<void> {
    const escalationId = derivedId('escalation', failure.failureId);
    const reason =
      group.strategy === 'escalate'
        ? `group ${group.name} escalates every failure: ${failure.failureType} of ${failure.agentId}`
        : `${failure.failureType} of ${failure.agentId} is not fixed by restarting it: ${failure.summary}`;
    await this.context.publications.escalate({
      escalationId,
      level: 'operator',
      severity: failure.severity,
      agentIds: [failure.agentId],
      evidence: [
        { kind: 'failure', ref: failure.failureId, summary: failure.summary, at: failure.detectedAt },
      ],
      reason,
    });
    await this.context.ledger.record(`${failure.failureId}:policy`, {
      ...entry,
      kind: 'policy-fired',
      summary: reason,
    });
    await this.context.ledger.record(`${failure.failureId}:escalated`, {
      ...entry,
      kind: 'escalated',
      escalationId,
      summary: reason,
    });
  }

  private entryOf(failure: FailureDetected, group: GroupPolicy, plan: RecoveryPlan): LedgerEntry {
    return {
      kind: 'policy-fired',
      group: group.name,
      strategy: group.strategy,
      restartType: group.restart,
      plan,
      diagnosis: failure.failureType,
      agentId: failure.agentId,
      hostId: failure.hostId,
      incarnation: failure.incarnation,
      failureIds: [failure.failureId],
      ...(failure.patternId ? { patternId: failure.patternId } : {}),
      summary: failure.summary,
    };
  }
}
