/**
 * Development-only packages from a lockfile's dependency graph, one rule for every lockfile that has a graph:
 * a package is **dev** iff every path from a root (the project and its workspace members) to it starts with a
 * dev edge (devDependencies, dev groups, test scope, Cargo dev-dependencies); otherwise it is prod.
 * Optional dependencies and peers are ordinary edges: an optional dependency of a prod package is prod, a peer
 * follows the package that declares it. Dev edges are never followed on the way to a prod package (package
 * managers install no dev dependency of a dependency, and none of a workspace member in production).
 */

export interface DepEdge {
  to: string;
  /** A devDependencies / dev-group edge. */
  dev?: boolean;
}

export interface DepGraph {
  /** Node ids of the project and its workspace members. */
  roots: Iterable<string>;
  /** Outgoing edges of a node (none for an unknown id). */
  edges(id: string): Iterable<DepEdge>;
}

export interface DevClassification {
  /** Reached from a root through a path that starts with a non-dev edge (or a root itself). */
  prod: ReadonlySet<string>;
  /** Reached from a root at all. */
  reached: ReadonlySet<string>;
  /** Targets of a root's edges that are not roots themselves. */
  direct: ReadonlySet<string>;
}

function reach(graph: DepGraph, roots: readonly string[], followDev: boolean): Set<string> {
  const seen = new Set<string>(roots);
  const queue = [...roots];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const e of graph.edges(id)) {
      if ((e.dev === true && !followDev) || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

export function classifyGraph(graph: DepGraph): DevClassification {
  const roots = [...new Set(graph.roots)];
  const rootSet = new Set(roots);
  const direct = new Set<string>();
  for (const r of roots) for (const e of graph.edges(r)) if (!rootSet.has(e.to)) direct.add(e.to);
  return { prod: reach(graph, roots, false), reached: reach(graph, roots, true), direct };
}

/** True (dev only), false (prod), or undefined when no root reaches the node (the parser's own fallback applies). */
export function devOf(c: DevClassification, id: string): boolean | undefined {
  if (!c.reached.has(id)) return undefined;
  return !c.prod.has(id);
}

/** A graph from an adjacency map (ids without an entry have no edges). */
export function mapGraph(roots: Iterable<string>, adjacency: ReadonlyMap<string, readonly DepEdge[]>): DepGraph {
  return { roots, edges: (id) => adjacency.get(id) ?? [] };
}
