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

/** The groups whose parent is `parent`, in the order the policy lists them (a parent's start order). */
export function childrenOf(parent: GroupPolicy, groups: readonly GroupPolicy[]): GroupPolicy[] {
  return groups.filter((group) => group.parent === parent.name);
}

/** `group` and every group below it in the tree: the agents a group supervises, directly or not. */
export function subtreeOf(group: GroupPolicy, groups: readonly GroupPolicy[]): Set<string> {
  const names = new Set([group.name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const candidate of groups) {
      if (candidate.parent !== undefined && names.has(candidate.parent) && !names.has(candidate.name)) {
        names.add(candidate.name);
        grew = true;
      }
    }
  }
  return names;
}
