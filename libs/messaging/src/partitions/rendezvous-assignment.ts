/**
 * Rendezvous (highest-random-weight) hashing: every replica that sees the same member list computes
 * the same owner for every partition without talking to the others, and when a member joins or
 * leaves only the partitions it wins or held move (about P/N of them), not a reshuffle of all.
 */
export function assignPartitions(members: readonly string[], partitions: number): Map<number, string> {
  const owners = new Map<number, string>();
  if (members.length === 0) return owners;
  for (let partition = 0; partition < partitions; partition++) {
    let best = members[0];
    let bestWeight = -1;
    for (const member of members) {
      const weight = rendezvousWeight(member, partition);
      // Ties are broken by id so that every replica decides the same way.
      if (weight > bestWeight || (weight === bestWeight && member < best)) {
        best = member;
        bestWeight = weight;
      }
    }
    owners.set(partition, best);
  }
  return owners;
}

/** FNV-1a over "member/partition", finished with a murmur3 avalanche so nearby inputs spread evenly. */
export function rendezvousWeight(member: string, partition: number): number {
  const key = `${member}/${partition}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
