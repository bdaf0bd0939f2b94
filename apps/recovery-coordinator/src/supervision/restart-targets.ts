import type { SupervisionStrategy } from '@warden/contracts';

/** An agent a strategy may restart: which process (host, incarnation) it is now. */
export interface SupervisedAgent {
  agentId: string;
  hostId: string;
  incarnation: number;
  /**
   * Restart whichever incarnation runs when this agent's turn comes, not `incarnation`: set on the agents
   * a joining failure restarts again (one may be mid-restart, its next incarnation not known yet).
   */
  replaceCurrent?: boolean;
}

/**
 * The agents a strategy restarts when `failed` fails, among its group's `siblings` (which may or may
 * not include it):
 * - one_for_one: the failed agent alone;
 * - one_for_all: every sibling and the failed agent;
 * - rest_for_one: the failed agent and every sibling started after it, in start order;
 * - escalate: none (the failure goes to a human).
 * Start order is the position in `order` for agents listed there (they come first), then the incarnation
 * (the SDK's incarnation is its start time), then the id. The failed agent keeps its failed incarnation.
 */
export function restartTargets<A extends SupervisedAgent>(
  strategy: SupervisionStrategy,
  failed: A,
  siblings: readonly A[],
  order: readonly string[] = [],
): A[] {
  if (strategy === 'escalate') return [];
  if (strategy === 'one_for_one') return [failed];
  const members = [failed, ...siblings.filter((sibling) => sibling.agentId !== failed.agentId)];
  if (strategy === 'one_for_all') return sortByStartOrder(members, order);
  const ordered = sortByStartOrder(members, order);
  return ordered.slice(ordered.findIndex((member) => member.agentId === failed.agentId));
}

export function sortByStartOrder<A extends SupervisedAgent>(
  agents: readonly A[],
  order: readonly string[],
): A[] {
  const rank = (agent: A): number => {
    const index = order.indexOf(agent.agentId);
    return index < 0 ? order.length : index;
  };
  return [...agents].sort(
    (a, b) => rank(a) - rank(b) || a.incarnation - b.incarnation || a.agentId.localeCompare(b.agentId),
  );
}

/**
 * The targets of a run after `failed` joins it: the run's targets plus what the strategy restarts for
 * `failed` (OTP: an earlier child failing during a rest_for_one restart makes it restart from that child
 * on), in start order. The other agents the new failure restarts are marked `replaceCurrent`: one
 * already restarted by this run (or still coming back) is restarted again in its turn, as OTP restarts
 * every child after the failed one. The failed agent keeps the incarnation that failed.
 */
export function joinedTargets<A extends SupervisedAgent>(
  strategy: SupervisionStrategy,
  running: readonly A[],
  failed: A,
  siblings: readonly A[],
  order: readonly string[] = [],
): A[] {
  const newest = new Map<string, A>();
  for (const agent of [...running, ...siblings]) {
    if (agent.agentId === failed.agentId) continue;
    const known = newest.get(agent.agentId);
    if (!known || agent.incarnation > known.incarnation) newest.set(agent.agentId, agent);
  }
  const runningFailed = running.find((target) => target.agentId === failed.agentId);
  const failedNow = runningFailed && runningFailed.incarnation >= failed.incarnation ? runningFailed : failed;
  const merged = new Map(running.map((target) => [target.agentId, target]));
  for (const target of restartTargets(strategy, failedNow, [...newest.values()], order)) {
    if (target.agentId !== failedNow.agentId) merged.set(target.agentId, { ...target, replaceCurrent: true });
    // An unchanged failed agent keeps its entry (a replacement's placement on another host, say).
    else if (target.incarnation > (merged.get(target.agentId)?.incarnation ?? 0))
      merged.set(target.agentId, target);
  }
  return sortByStartOrder([...merged.values()], order);
}

/**
 * The targets of a parent group's run (a supervisor tree) once another child group gives up and joins
 * it: the run's targets plus `joining`, what the parent's own strategy restarts for that child (every
 * child group under one_for_all, the child and those listed after it under rest_for_one, the child alone
 * under one_for_one), in its groups' start order. Joining agents the run already holds are restarted
 * again in their turn (`replaceCurrent`), or for the newer incarnation the join names. The rest keep
 * their place: sorting again by incarnation (or a parent's own `order`, usually empty) would let one
 * child group's older agents jump ahead of the child groups listed before it. `rank` is the child
 * group's place in the policy.
 */
export function joinedChildTargets<A extends SupervisedAgent>(
  running: readonly A[],
  joining: readonly A[],
  rank: (agent: A) => number,
): A[] {
  const held = new Map(running.map((target) => [target.agentId, target]));
  const merged = new Map<string, A>();
  for (const target of joining) {
    const known = held.get(target.agentId);
    if (!known || target.incarnation > known.incarnation) merged.set(target.agentId, target);
    else merged.set(target.agentId, { ...known, replaceCurrent: true });
  }
  for (const target of running) if (!merged.has(target.agentId)) merged.set(target.agentId, target);
  // A stable sort: within one child group, the order the targets came in.
  return [...merged.values()].sort((a, b) => rank(a) - rank(b));
}

/**
 * A group's start order as recorded: the agents seen before keep their place, and those not seen yet
 * follow in their start order (configured ones first, then incarnation). Re-deriving it from incarnations
 * at each failure would not do: every restart gives an agent the newest incarnation, so the order — and
 * with it every later rest_for_one target set — would depend on which agents happened to restart.
 * Ids that are neither members nor `listed` (by the registry: the agent departed) are dropped, so agents
 * with ephemeral names do not fill the record to its cap; a listed agent that is not running (a stopped
 * group, restarted later by its parent) keeps its place.
 */
export function recordedStartOrder<A extends SupervisedAgent>(
  recorded: readonly string[],
  members: readonly A[],
  configured: readonly string[],
  listed: (agentId: string) => boolean = () => true,
): string[] {
  const memberIds = new Set(members.map((member) => member.agentId));
  const kept = recorded.filter((agentId) => memberIds.has(agentId) || listed(agentId));
  const known = new Set(kept);
  const unseen = members.filter((member) => !known.has(member.agentId));
  const room = Math.max(0, MAX_RECORDED_START_ORDER - kept.length);
  return [
    ...kept,
    ...sortByStartOrder(unseen, configured)
      .map((member) => member.agentId)
      .slice(0, room),
  ];
}

/**
 * Agents one recorded start order holds at most: 1,500 ids of up to 128 characters stay well inside a
 * recovery record's size limit. Members past it are ordered after the recorded ones, by incarnation.
 */
export const MAX_RECORDED_START_ORDER = 1_500;
