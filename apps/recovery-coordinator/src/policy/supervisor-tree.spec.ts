import { DEFAULT_GROUP } from './default-recovery-policy';
import type { GroupPolicy } from './recovery-policy';
import { childrenOf, subtreeOf, supervisorTreeProblem } from './supervisor-tree';

const group = (name: string, parent?: string): GroupPolicy => ({
  ...DEFAULT_GROUP,
  name,
  ...(parent ? { parent } : {}),
});

// The seed's three levels: root one_for_all → domain rest_for_one → agent one_for_one.
const TREE = [group('root'), group('search', 'root'), group('indexers', 'search'), group('billing', 'root')];

describe('supervisor tree', () => {
  it('lists a parent’s children in policy order and a subtree with every level below', () => {
    expect(childrenOf(TREE[0], TREE).map((child) => child.name)).toEqual(['search', 'billing']);
    expect([...subtreeOf(TREE[0], TREE)].sort()).toEqual(['billing', 'indexers', 'root', 'search']);
    expect([...subtreeOf(TREE[1], TREE)].sort()).toEqual(['indexers', 'search']);
    expect([...subtreeOf(TREE[2], TREE)]).toEqual(['indexers']);
  });

  it('accepts a tree and reports unknown parents, self-parents and cycles', () => {
    expect(TREE.map((_, index) => supervisorTreeProblem(TREE, index))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(supervisorTreeProblem([group('a', 'ghost')], 0)).toContain('ghost');
    expect(supervisorTreeProblem([group('a', 'a')], 0)).toContain('a → a');
    expect(supervisorTreeProblem([group('a', 'b'), group('b', 'c'), group('c', 'a')], 1)).toContain(
      'b → c → a → b',
    );
  });
});
