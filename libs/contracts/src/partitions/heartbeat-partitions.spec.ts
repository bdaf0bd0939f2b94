import { randomUUID } from 'node:crypto';
import { HEARTBEAT_PARTITIONS, assertPartition, partitionOf } from './heartbeat-partitions';

const TWO_TO_32 = 2 ** 32;

describe('partitionOf', () => {
  it('is FNV-1a 32: the published test vectors come out unreduced with 2^32 partitions', () => {
    // Vectors from the FNV reference (draft-eastlake-fnv): "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    expect(partitionOf('', TWO_TO_32)).toBe(0x811c9dc5);
    expect(partitionOf('a', TWO_TO_32)).toBe(0xe40c292c);
    expect(partitionOf('foobar', TWO_TO_32)).toBe(0xbf9cf968);
  });

  it('is the full hash reduced modulo the partition count', () => {
    for (const id of ['agent-1', 'agent-2', 'worker_99']) {
      expect(partitionOf(id)).toBe(partitionOf(id, TWO_TO_32) % HEARTBEAT_PARTITIONS);
      expect(partitionOf(id, 7)).toBe(partitionOf(id, TWO_TO_32) % 7);
    }
  });

  it('is stable: the same id always lands in the same partition', () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const first = ids.map((id) => partitionOf(id));
    expect(ids.map((id) => partitionOf(id))).toEqual(first);
  });

  it('spreads sequential and random ids evenly over the partitions', () => {
    const perPartition = 1000;
    for (const makeId of [(index: number) => `agent-${index}`, () => randomUUID()]) {
      const counts = new Array<number>(HEARTBEAT_PARTITIONS).fill(0);
      for (let index = 0; index < HEARTBEAT_PARTITIONS * perPartition; index++) {
        counts[partitionOf(makeId(index))] += 1;
      }
      // About 4.7 standard deviations of a uniform spread: fails for a biased hash, not for chance.
      expect(Math.min(...counts)).toBeGreaterThan(perPartition * 0.85);
      expect(Math.max(...counts)).toBeLessThan(perPartition * 1.15);
    }
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionOf('agent-1', 0)).toThrow(RangeError);
    expect(() => partitionOf('agent-1', 2.5)).toThrow(RangeError);
  });
});

describe('assertPartition', () => {
  it('accepts 0 to P-1 and rejects the rest', () => {
    expect(assertPartition(0)).toBe(0);
    expect(assertPartition(HEARTBEAT_PARTITIONS - 1)).toBe(HEARTBEAT_PARTITIONS - 1);
    for (const partition of [-1, HEARTBEAT_PARTITIONS, 1.5, Number.NaN]) {
      expect(() => assertPartition(partition)).toThrow(/partition/);
    }
  });
});
