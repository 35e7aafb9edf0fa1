/**
 * The caches a server keeps across inventories (a cached advisory store, package findings shared between
 * images) give exactly what a fresh match gives: the same findings (each with its own image's package), the
 * same warnings, and the same (namespace, package) lookups seen by a recording store — for the image that
 * fills the caches and for one served from them.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cachedStore } from "../db/cached-store.js";
import { openAdvisoryStore, type AdvisoryStore } from "../db/store.js";
import type { Inventory } from "../model/inventory.js";
import { buildFixtureDb } from "../../test/scan/fixture-db.js";
import { matchInventory } from "./match.js";
import { packageMatchCache } from "./package-matches.js";

let dir: string;
let store: AdvisoryStore;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "dredge-package-matches-"));
  store = openAdvisoryStore(await buildFixtureDb(dir));
});
after(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function npmImage(app: string, packages: readonly (readonly [string, string])[]): Inventory {
  return {
    target: { name: `registry.example/${app}:1`, source: "registry", repoTags: [], repoDigests: [] },
    packages: packages.map(([name, version]) => ({ type: "npm", name, version, purl: `pkg:npm/${name}@${version}`, locations: [{ path: `/${app}/node_modules/${name}/package.json` }] })),
    layers: [],
    warnings: [],
  };
}

/** Every lookup the matchers make, as a recording store sees it (the server's reverse index). */
function recording(inner: AdvisoryStore): { store: AdvisoryStore; keys: () => string[] } {
  const keys = new Set<string>();
  return { store: { ...inner, lookup: (ns, name) => (keys.add(`${ns}/${name}`), inner.lookup(ns, name)), vulnerability: (id) => inner.vulnerability(id), aliasGroup: (id) => inner.aliasGroup(id), kev: (id) => inner.kev(id), fixSince: (ns, name, id) => inner.fixSince?.(ns, name, id), epss: (id) => inner.epss(id), metadata: () => inner.metadata(), namespaces: () => inner.namespaces(), close: () => undefined }, keys: () => [...keys].sort() };
}

function match(inv: Inventory, base: AdvisoryStore, shared?: ReturnType<typeof packageMatchCache>) {
  const rec = recording(base);
  const warnings: string[] = [];
  const findings = matchInventory(inv, rec.store, (m) => warnings.push(m), {}, shared);
  return { findings, warnings, keys: rec.keys() };
}

describe("package findings shared across inventories", () => {
  it("give what a fresh match gives, with each image's own packages, warnings and lookups", () => {
    const a = npmImage("a", [["lodash", "4.17.4"], ["minimist", "1.2.0"], ["left-pad", "1.3.0"], ["qs", "not-a-version"]]);
    const b = npmImage("b", [["minimist", "1.2.0"], ["lodash", "4.17.4"], ["qs", "not-a-version"], ["express", "4.16.0"]]);
    const shared = packageMatchCache(100);
    const fast = cachedStore(store);
    for (const inv of [a, b, a]) {
      const fresh = match(inv, store);
      const cached = match(inv, fast, shared);
      assert.ok(fresh.findings.length > 0);
      assert.ok(fresh.findings.some((f) => f.fixAvailableSince), "the database's fix history reaches the findings");
      assert.deepEqual(cached.findings, fresh.findings);
      assert.deepEqual(cached.warnings, fresh.warnings);
      assert.deepEqual(cached.keys, fresh.keys);
      for (const f of cached.findings) assert.ok(f.package.path?.startsWith(`/${inv.target.name.split("/")[1]!.split(":")[0]}/`), f.package.path);
    }
    assert.equal(shared.size, 5, "one entry per distinct package");
  });
});
