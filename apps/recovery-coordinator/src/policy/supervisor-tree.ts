import type { GroupPolicy } from './recovery-policy';

/**
 * Why `groups[index]`'s `parent` cannot form an OTP supervisor tree — it names no configured group, the
 * group itself, or a group below it (a cycle) — or undefined when it can (or names no parent). The
 * default group is never a parent: it is the catch-all, not a supervisor of other groups.
 */
export function supervisorTreeProblem(groups: readonly GroupPolicy[], index: number): string | undefined {
  const group = groups[index];
  if (group.parent === undefined) return undefined;
  const byName = new Map(groups.map((candidate) => [candidate.name, candidate]));
  if (!byName.has(group.parent))
    return `names ${group.parent}, which is not a configured group (${[...byName.keys()].join(', ') || 'none'})`;
  const seen = [group.name];
  for (let at = byName.get(group.parent); at; at = at.parent ? byName.get(at.parent) : undefined) {
    if (seen.includes(at.name)) return `makes a cycle: ${[...seen, at.name].join(' → ')}`;
    seen.push(at.name);
  }
  return undefined;
}

/** The group's chain of supervisors, nearest first (empty at a root). */
export function ancestorsOf(
  group: GroupPolicy,
  named: (name: string) => GroupPolicy | undefined,
): GroupPolicy[] {
  const chain: GroupPolicy[] = [];
  for (
    let at = group.parent ? named(group.parent) : undefined;
    at;
    at = at.parent ? named(at.parent) : undefined
  ) {
    if (chain.includes(at)) break;
    chain.push(at);
  }
  return chain;
}
