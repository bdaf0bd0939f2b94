import type { EvidenceLink, PatternDetected } from '@warden/contracts';
import { planReplacements } from '../execution/replacement-planner';
import { RunOpener } from '../execution/run-opener';
import type { RunSupervisor } from '../execution/run-supervisor';
import { FLEET_GROUP, type LedgerEntry } from '../ledger/recovery-ledger';
import { derivedId } from '../state/derived-id';
import { RecoveryKeys, type PatternRecord } from '../state/recovery-records';
import { joinedTargets } from '../supervision/restart-targets';
import type { RecoveryContext } from './recovery-context';

interface PatternStep {
  fresh: boolean;
  escalate: boolean;
  toReplace: string[];
}

/**
 * Decides what to do about a PatternDetected revision (one replica, through the shared durable
 * consumer). A dead host or zone gets one escalation per incident, never per agent, and — when the
 * policy lets other hosts take them — replacement runs for its agents, bounded by the fleet budget like
 * every restart; its failures are folded by FailureIntake. A fleet-wide pattern escalates once. The
 * incident's KV record (highest revision seen, escalation raised, agents replaced) keeps a redelivery or
 * a later revision from repeating any of it.
 */
export class PatternIntake {
  private readonly opener: RunOpener;

  constructor(
    private readonly context: RecoveryContext,
    private readonly runs: RunSupervisor,
  ) {
    this.opener = new RunOpener(context);
  }

  async handle(pattern: PatternDetected): Promise<void> {
    const { patterns, table, store, ledger } = this.context;
    patterns.record(pattern);
    const plan = table.planForPattern(pattern.patternType);
    const escalates = plan === 'escalate' || plan === 'replace-elsewhere';
    const escalationId = derivedId('escalation', pattern.patternId);
    const { result: step } = await store.mutate<PatternRecord, PatternStep>(
      RecoveryKeys.pattern(pattern.patternId),
      { revision: 0, replacedAgentIds: [] },
      (record) => {
        if (record.revision >= pattern.revision)
          return { result: { fresh: false, escalate: false, toReplace: [] } };
        const escalate = escalates && record.escalationId === undefined;
        const toReplace =
          plan === 'replace-elsewhere'
            ? pattern.affectedAgentIds.filter((agentId) => !record.replacedAgentIds.includes(agentId))
            : [];
        return {
          next: {
            revision: pattern.revision,
            ...(escalate || record.escalationId ? { escalationId } : {}),
            replacedAgentIds: [...record.replacedAgentIds, ...toReplace],
          },
          result: { fresh: true, escalate, toReplace },
        };
      },
    );
    if (!step.fresh) return;
    const entry: LedgerEntry = {
      kind: 'policy-fired',
      group: FLEET_GROUP,
      plan,
      diagnosis: pattern.patternType,
      patternId: pattern.patternId,
      affectedAgentIds: pattern.affectedAgentIds,
      failureIds: pattern.evidence.failureIds,
      summary: `${pattern.patternType} (${pattern.scope.kind} ${pattern.scope.id}, revision ${pattern.revision}, ${pattern.affectedAgentIds.length} agents) → ${plan}`,
    };
    await ledger.record(`${pattern.patternId}:${pattern.revision}:policy`, entry);
    if (step.escalate) await this.escalate(pattern, escalationId, entry);
    if (step.toReplace.length) await this.replace(pattern, step.toReplace, entry);
  }

  private async escalate(pattern: PatternDetected, escalationId: string, entry: LedgerEntry): Promise<void> {
    const detectedAt = pattern.detectedAt;
    const evidence: EvidenceLink[] = [
      ...pattern.evidence.failureIds.slice(-60).map((failureId) => ({
        kind: 'failure' as const,
        ref: failureId,
        summary: `failure in ${pattern.scope.kind} ${pattern.scope.id}`,
        at: detectedAt,
      })),
      { kind: 'pattern', ref: pattern.patternId, summary: pattern.summary, at: detectedAt },
    ];
    const replacing = this.context.policy.replacement.maxPerHost > 0 && entry.plan === 'replace-elsewhere';
    const reason =
      entry.plan === 'replace-elsewhere'
        ? `${pattern.patternType} of ${pattern.scope.kind} ${pattern.scope.id}: ${pattern.affectedAgentIds.length} agents lost; no per-agent restarts` +
          (replacing
            ? ', replacements started on other hosts where capacity allows'
            : '; replacements elsewhere are off (replacement.maxPerHost = 0)')
        : `${pattern.patternType} across ${pattern.scope.kind} ${pattern.scope.id}: ${pattern.summary}`;
    await this.context.publications.escalate({
      escalationId,
      level: pattern.scope.kind === 'zone' || pattern.scope.kind === 'fleet' ? 'incident' : 'operator',
      severity: pattern.severity,
      agentIds: pattern.affectedAgentIds,
      evidence,
      reason,
    });
    await this.context.ledger.record(`${escalationId}:escalated`, {
      ...entry,
      kind: 'escalated',
      escalationId,
      summary: reason,
    });
  }

  private async replace(pattern: PatternDetected, agentIds: string[], entry: LedgerEntry): Promise<void> {
    const { registry, groups, policy } = this.context;
    const placements = planReplacements(
      agentIds,
      registry.all(),
      { hostIds: pattern.evidence.hostIds, zones: pattern.evidence.zones },
      policy.replacement.maxPerHost,
    );
    for (const agentId of agentIds) {
      const record = registry.get(agentId);
      const placement = placements.get(agentId);
      if (!record || !placement) continue;
      const group = groups.groupOf(record);
      if (group.restart === 'temporary') continue;
      const failed = { agentId, hostId: record.hostId, zone: record.zone, incarnation: record.incarnation };
      const outcome = await this.opener.open({
        scopeKey: RecoveryKeys.agentScope(agentId),
        group,
        strategy: group.strategy,
        restartType: group.restart,
        plan: 'replace-elsewhere',
        action: 'replace',
        diagnosis: pattern.patternType,
        severity: pattern.severity,
        failureId: derivedId('pattern-loss', pattern.patternId, agentId),
        patternId: pattern.patternId,
        failed,
        targets: [{ ...failed, ...placement }],
        extend: (running) => joinedTargets('one_for_one', running, failed, []),
      });
      if (outcome.kind !== 'created') continue;
      await this.context.ledger.record(`${outcome.run.runId}:policy`, {
        ...entry,
        runId: outcome.run.runId,
        agentId,
        hostId: placement.hostId,
        incarnation: record.incarnation,
        affectedAgentIds: [agentId],
        summary: `replacement of ${agentId} (lost with ${pattern.scope.kind} ${pattern.scope.id}) on host ${placement.hostId}`,
      });
      this.runs.run(RecoveryKeys.agentScope(agentId), outcome.run.runId);
    }
  }
}
