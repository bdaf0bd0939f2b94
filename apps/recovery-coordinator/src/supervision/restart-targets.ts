import type { SupervisionStrategy } from '@warden/contracts';

/** An agent a strategy may restart: which process (host, incarnation) it is now. */
export interface SupervisedAgent {
  agentId: string;
  hostId: string;
  incarnation: number;
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
