import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { classifyGraph, devOf, type DepEdge, mapGraph } from "./graph.js";

const graph = (roots: string[], edges: Record<string, (string | [string, "dev"])[]>) =>
  classifyGraph(
    mapGraph(roots, new Map(Object.entries(edges).map(([k, v]): [string, DepEdge[]] => [k, v.map((e) => (typeof e === "string" ? { to: e } : { to: e[0], dev: true }))]))),
  );

describe("dev-only packages by reachability", () => {
  const cases: { name: string; roots: string[]; edges: Record<string, (string | [string, "dev"])[]>; dev: string[]; prod: string[] }[] = [
    {
      // The shape: prod debug → ms; dev supports-color → has-flag; ms is also a direct dev dependency.
      name: "a prod path clears dev, dev is passed down",
      roots: ["root"],
      edges: { root: ["debug", ["supports-color", "dev"], ["ms", "dev"]], debug: ["ms"], "supports-color": ["has-flag"] },
      dev: ["supports-color", "has-flag"],
      prod: ["debug", "ms"],
    },
    {
      name: "workspace members are roots; a member's dev dependency stays dev even when another member needs the member",
      roots: ["root", "ws-a", "ws-b"],
      edges: { root: [["lint", "dev"]], "ws-a": ["ws-b", ["jest", "dev"]], "ws-b": ["lodash", ["mocha", "dev"]], jest: ["lodash"] },
      dev: ["lint", "jest", "mocha"],
      prod: ["lodash", "ws-b"],
    },
    {
      name: "cycles through dev packages",
      roots: ["root"],
      edges: { root: [["a", "dev"], "c"], a: ["b"], b: ["a", "c"] },
      dev: ["a", "b"],
      prod: ["c"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const g = graph(c.roots, c.edges);
      for (const d of c.dev) assert.equal(devOf(g, d), true, `${d} dev`);
      for (const p of c.prod) assert.equal(devOf(g, p), false, `${p} prod`);
    });
  }

  it("unreached packages are left to the parser's fallback; direct = a root's targets that are not roots", () => {
    const g = graph(["root", "ws"], { root: ["a", "ws"], ws: [["b", "dev"]], orphan: ["a"] });
    assert.equal(devOf(g, "orphan"), undefined);
    assert.deepEqual([...g.direct].sort(), ["a", "b"]);
  });
});
