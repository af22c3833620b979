import { describe, expect, it } from 'vitest';
import { buildObservationTree, flattenTree, type TreeNode } from './observationTree';
import { obs } from './testObservations';

const shape = (nodes: readonly TreeNode[]): unknown => nodes.map((n) => (n.children.length === 0 ? n.observation.id : { [n.observation.id]: shape(n.children) }));

describe('buildObservationTree', () => {
  it('nests observations under their parents, children in start-time order', () => {
    const tree = buildObservationTree([obs('llm-2', 'root', 5, 6), obs('root', null, 0, 10), obs('retrieve', 'root', 1, 2), obs('llm-1', 'root', 3, 4), obs('embed', 'retrieve', 1.5, 1.8)]);
    expect(shape(tree)).toEqual([{ root: [{ retrieve: ['embed'] }, 'llm-1', 'llm-2'] }]);
    expect(tree[0]!.detached).toBe(false);
  });

  it('orders children with the same start time by id, so the order is stable', () => {
    const tree = buildObservationTree([obs('root', null, 0, 1), obs('b', 'root', 0, 1), obs('a', 'root', 0, 1)]);
    expect(shape(tree)).toEqual([{ root: ['a', 'b'] }]);
  });

  it('keeps orphans (parent not in the trace) as detached roots', () => {
    const tree = buildObservationTree([obs('root', null, 0, 10), obs('lost', 'missing-parent', 2, 3), obs('child', 'lost', 2.5, 2.6)]);
    expect(shape(tree)).toEqual(['root', { lost: ['child'] }]);
    expect(tree.map((n) => n.detached)).toEqual([false, true]);
  });

  it('cuts parent cycles at their earliest member and shows every observation once', () => {
    const tree = buildObservationTree([obs('a', 'c', 1, 2), obs('b', 'a', 2, 3), obs('c', 'b', 3, 4), obs('self', 'self', 5, 6), obs('root', null, 0, 9)]);
    const ids = flattenTree(tree).map((r) => r.node.observation.id);
    expect(ids.sort()).toEqual(['a', 'b', 'c', 'root', 'self']);
    expect(shape(tree)).toEqual(['root', 'self', { a: [{ b: ['c'] }] }]);
    expect(tree.filter((n) => n.detached).map((n) => n.observation.id)).toEqual(['self', 'a']);
  });

  it('ignores a repeated id instead of showing it twice', () => {
    expect(flattenTree(buildObservationTree([obs('x', null, 0, 1), obs('x', null, 0, 2)]))).toHaveLength(1);
  });
});

describe('flattenTree', () => {
  it('lists nodes depth first with their depth, and skips the children of collapsed nodes', () => {
    const tree = buildObservationTree([obs('root', null, 0, 10), obs('a', 'root', 1, 2), obs('a1', 'a', 1, 2), obs('b', 'root', 3, 4)]);
    expect(flattenTree(tree).map((r) => `${r.depth}:${r.node.observation.id}`)).toEqual(['0:root', '1:a', '2:a1', '1:b']);
    expect(flattenTree(tree, new Set(['a'])).map((r) => r.node.observation.id)).toEqual(['root', 'a', 'b']);
  });
});
