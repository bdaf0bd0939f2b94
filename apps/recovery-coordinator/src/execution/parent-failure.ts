import type { RecoveryContext } from '../engine/recovery-context';
import { childrenOf, subtreeOf } from '../policy/supervisor-tree';
import type { GroupPolicy } from '../policy/recovery-policy';
import { GroupMembers } from '../registry/group-members';
import { StartOrderBook } from '../registry/start-order-book';
import { derivedId } from '../state/derived-id';
import {
  RecoveryKeys,
  type IntensityRecord,
  type RecoveryRun,
  type RunTarget,
} from '../state/recovery-records';
import { intensityKeyOf, scopeValueOf } from '../supervision/intensity-scope';
import { joinedChildTargets, sortByStartOrder } from '../supervision/restart-targets';
import { RunOpener } from './run-opener';

/** The diagnosis of a parent's run: a child group gave up (its intensity was exceeded) and was stopped. */
export const CHILD_GROUP_FAILED = 'child-group-intensity-exceeded';

/**
 * OTP's supervisor tree: a group that gave up (stopped its agents) becomes one failure of its parent
 * group, which applies its own strategy over its children — each child group a unit, in the order the
 * policy lists them — and its own intensity and backoff, in a run of its own:
 * - one_for_one: the failed child group's agents, restarted as a unit;
 * - one_for_all: every child group's agents and the parent's own;
 * - rest_for_one: the failed child group's agents and those of the child groups listed after it;
 * - escalate: no run, the parent escalates to people.
 * The failure id is derived from the child's run, so raising it twice (a takeover) opens one run.
 */
export class ParentFailure {
  private readonly opener: RunOpener;
  private readonly members: GroupMembers;
  private readonly startOrders: StartOrderBook;

  constructor(private readonly context: RecoveryContext) {
    this.opener = new RunOpener(context);
    this.members = new GroupMembers(context.registry, context.health, context.groups);
    this.startOrders = new StartOrderBook(context.store, context.policy.groups, context.registry);
  }

  /** Opens (or joins) the parent's run; resolves with the run to start when one was created. */
  async raise(
    run: RecoveryRun,
    child: GroupPolicy,
    parent: GroupPolicy,
    stopped: RunTarget[],
  ): Promise<{ scopeKey: string; runId: string } | undefined> {
    const { ledger } = this.context;
    const failureId = derivedId('group-failure', run.runId, run.attempt);
    // The child is restarted as a new supervisor would be: with no restarts counted against it.
    await this.context.store.mutate<IntensityRecord, void>(
      intensityKeyOf(child, run.failed),
      { restarts: [] },
      () => ({ next: { restarts: [] }, result: undefined }),
    );
    const summary = `group ${child.name} exceeded its restart intensity and was stopped: one failure of its parent ${parent.name}`;
    const entry = {
      group: parent.name,
      strategy: parent.strategy,
      restartType: parent.restart,
      plan: 'restart' as const,
      diagnosis: CHILD_GROUP_FAILED,
      agentId: run.failed.agentId,
      hostId: run.failed.hostId,
      incarnation: run.failed.incarnation,
      failureIds: [failureId],
    };
    if (parent.strategy === 'escalate') {
      const escalationId = derivedId('escalation', failureId);
      await this.context.publications.escalate({
        escalationId,
        level: 'operator',
        severity: run.severity === 'critical' ? 'critical' : 'high',
        agentIds: stopped.map((target) => target.agentId),
        evidence: [{ kind: 'recovery', ref: run.runId, summary, at: new Date().toISOString() }],
        reason: `${summary}; group ${parent.name} escalates every failure`,
      });
      await ledger.record(`${failureId}:escalated`, { ...entry, kind: 'escalated', escalationId, summary });
      return undefined;
    }
    const targets = await this.targetsOf(parent, child, run.failed, stopped);
    const scopeValue = scopeValueOf(parent, run.failed);
    const scopeKey =
      parent.strategy === 'one_for_one'
        ? RecoveryKeys.childScope(parent.name, child.name, scopeValue)
        : RecoveryKeys.groupScope(parent.name, scopeValue);
    const outcome = await this.opener.open({
      scopeKey,
      group: parent,
      strategy: parent.strategy,
      restartType: parent.restart,
      plan: 'restart',
      action: 'restart',
      diagnosis: CHILD_GROUP_FAILED,
      severity: run.severity,
      failureId,
      failed: run.failed,
      targets,
      childGroup: child.name,
      // `targets` is already what the parent's strategy restarts for this child, ranked and in order.
      extend: (running) => joinedChildTargets(running, targets, this.rankIn(parent)),
    });
    if (outcome.kind === 'duplicate') return undefined;
    const affectedAgentIds = outcome.run.targets.map((target) => target.agentId);
    await ledger.record(`${failureId}:${outcome.kind === 'created' ? 'policy' : 'joined'}`, {
      ...entry,
      kind: outcome.kind === 'created' ? 'policy-fired' : 'joined',
      runId: outcome.run.runId,
      affectedAgentIds,
      summary: `${summary} → ${parent.strategy}: restart ${affectedAgentIds.join(', ')}`,
    });
    return outcome.kind === 'created' ? { scopeKey, runId: outcome.run.runId } : undefined;
  }

  private async targetsOf(
    parent: GroupPolicy,
    child: GroupPolicy,
    anchor: RunTarget,
    stopped: RunTarget[],
  ): Promise<RunTarget[]> {
    const { groups } = this.context.policy;
    const children = childrenOf(parent, groups);
    const restarted = new Set<string>();
    if (parent.strategy === 'one_for_all') {
      restarted.add(parent.name);
      for (const sibling of children) for (const name of subtreeOf(sibling, groups)) restarted.add(name);
    } else if (parent.strategy === 'rest_for_one') {
      for (const later of children.slice(children.findIndex((group) => group.name === child.name) + 1))
        for (const name of subtreeOf(later, groups)) restarted.add(name);
    }
    const stoppedIds = new Set(stopped.map((target) => target.agentId));
    const others = restarted.size
      ? this.members.of(restarted, parent, anchor).filter((agent) => !stoppedIds.has(agent.agentId))
      : [];
    // `stopped` comes in the child's start order; the others in their own groups' recorded orders.
    const ordered = [...stopped, ...(await this.inStartOrder(others, anchor))];
    const rank = this.rankIn(parent);
    return ordered.sort((a, b) => rank(a) - rank(b));
  }

  /**
   * Child groups restart in the order the policy lists them (within one, in the agents' start order):
   * an agent's rank is the place of the child group it is in, or under; the parent's own agents last.
   */
  private rankIn(parent: GroupPolicy): (target: RunTarget) => number {
    const { groups } = this.context.policy;
    const children = childrenOf(parent, groups);
    return (target) => {
      const group = this.context.groups.groupOf({
        agentId: target.agentId,
        capabilities: this.capabilitiesOf(target),
      });
      const index = children.findIndex((candidate) => subtreeOf(candidate, groups).has(group.name));
      return index < 0 ? children.length : index;
    };
  }

  private async inStartOrder(agents: RunTarget[], anchor: RunTarget): Promise<RunTarget[]> {
    const byGroup = new Map<GroupPolicy, RunTarget[]>();
    for (const agent of agents) {
      const group = this.context.groups.groupOf({
        agentId: agent.agentId,
        capabilities: this.capabilitiesOf(agent),
      });
      byGroup.set(group, [...(byGroup.get(group) ?? []), agent]);
    }
    const ordered: RunTarget[] = [];
    for (const [group, members] of byGroup)
      ordered.push(...sortByStartOrder(members, await this.startOrders.orderOf(group, anchor, members)));
    return ordered;
  }

  private capabilitiesOf(target: RunTarget): readonly string[] {
    return this.context.registry.get(target.agentId)?.capabilities ?? [];
  }
}
