import { assignPartitions } from './rendezvous-assignment';

const P = 64;
const countByOwner = (owners: Map<number, string>) => {
  const counts = new Map<string, number>();
  for (const owner of owners.values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return counts;
};

describe('assignPartitions', () => {
  it('gives every partition exactly one owner from the member list', () => {
    const owners = assignPartitions(['a', 'b', 'c'], P);
    expect(owners.size).toBe(P);
    for (const owner of owners.values()) expect(['a', 'b', 'c']).toContain(owner);
  });

  it('decides the same regardless of the order replicas list the members in', () => {
    expect(assignPartitions(['c', 'a', 'b'], P)).toEqual(assignPartitions(['a', 'b', 'c'], P));
  });

  it('spreads partitions roughly evenly', () => {
    const members = ['collector-1', 'collector-2', 'collector-3', 'collector-4'];
    const counts = countByOwner(assignPartitions(members, 1024));
    for (const member of members) {
      expect(counts.get(member)).toBeGreaterThan(1024 / 4 / 1.5);
      expect(counts.get(member)).toBeLessThan((1024 / 4) * 1.5);
    }
  });

  it('moves only the partitions of a member that leaves', () => {
    const before = assignPartitions(['a', 'b', 'c'], P);
    const after = assignPartitions(['a', 'b'], P);
    for (const [partition, owner] of before) {
      if (owner !== 'c') expect(after.get(partition)).toBe(owner);
    }
  });

  it('moves partitions only to a member that joins', () => {
    const before = assignPartitions(['a', 'b'], P);
    const after = assignPartitions(['a', 'b', 'c'], P);
    for (const [partition, owner] of after) {
      if (owner !== 'c') expect(before.get(partition)).toBe(owner);
    }
    expect(countByOwner(after).get('c')).toBeGreaterThan(0);
  });

  it('assigns nothing when there are no members', () => {
    expect(assignPartitions([], P).size).toBe(0);
  });
});
