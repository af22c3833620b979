import type { Observation } from '../../../components/publicApi';

export interface TreeNode {
  readonly observation: Observation;
  readonly children: TreeNode[];
  /** True when the parent id names an observation the trace does not have (or a cycle was cut). */
  readonly detached: boolean;
}

export interface FlatRow {
  readonly node: TreeNode;
  readonly depth: number;
}

/**
 * Builds the observation tree from parentObservationId. Children are ordered by start time, then
 * id, so the tree reads like the timeline. Observations whose parent is missing become roots marked
 * detached; parent cycles (bad data) are cut at the earliest observation of the cycle, which also
 * becomes a detached root, so every observation appears exactly once.
 */
export function buildObservationTree(observations: readonly Observation[]): TreeNode[] {
  const byId = new Map<string, Observation>();
  for (const o of observations) if (!byId.has(o.id)) byId.set(o.id, o);
  const childrenOf = new Map<string, Observation[]>();
  const roots: { observation: Observation; detached: boolean }[] = [];
  for (const o of byId.values()) {
    const parent = o.parentObservationId;
    if (parent === null || parent === undefined || parent === '') {
      roots.push({ observation: o, detached: false });
    } else if (!byId.has(parent) || parent === o.id) {
      roots.push({ observation: o, detached: true });
    } else {
      const list = childrenOf.get(parent) ?? [];
      list.push(o);
      childrenOf.set(parent, list);
    }
  }

  const visited = new Set<string>();
  const build = (observation: Observation, detached: boolean): TreeNode => {
    visited.add(observation.id);
    const children = sortByStart(childrenOf.get(observation.id) ?? [])
      .filter((child) => !visited.has(child.id))
      .map((child) => build(child, false));
    return { observation, children, detached };
  };
  const tree = sortByStart(roots.map((r) => r.observation)).map((o) => build(o, roots.find((r) => r.observation === o)!.detached));

  // Whatever is still unvisited sits on a parent cycle: cut each at its earliest member.
  for (;;) {
    const rest = sortByStart([...byId.values()].filter((o) => !visited.has(o.id)));
    const first = rest[0];
    if (first === undefined) break;
    tree.push(build(first, true));
  }
  return tree;
}

export function flattenTree(roots: readonly TreeNode[], collapsed: ReadonlySet<string> = new Set()): FlatRow[] {
  const rows: FlatRow[] = [];
  const walk = (node: TreeNode, depth: number) => {
    rows.push({ node, depth });
    if (collapsed.has(node.observation.id)) return;
    node.children.forEach((child) => walk(child, depth + 1));
  };
  roots.forEach((root) => walk(root, 0));
  return rows;
}

function sortByStart(list: readonly Observation[]): Observation[] {
  return [...list].sort((a, b) => time(a.startTime) - time(b.startTime) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function time(iso: string): number {
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
}
