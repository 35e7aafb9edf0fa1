import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir } from "../../test/helpers/images.js";
import { buildMonitorDb, FIXED_GHSA, NEW_GHSA, RESOLVED_GHSA } from "../../test/server/monitor-fixtures.js";
import { silentLogger } from "../util/log.js";
import { buildDatabase } from "./build.js";
import { databaseDelta } from "./delta.js";
import { openAdvisoryStore } from "./store.js";

const epssSample = join(fixturesDir, "feeds/format-samples/epss/example-1.csv");
const kevFeed = join(fixturesDir, "feeds/cisa-kev/known_exploited_vulnerabilities.json");

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), "dredge-delta-"));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("databaseDelta", () => {
  it("finds the advisories added, removed and changed per (namespace, package), and nothing for identical rows", async () => {
    const [a, b] = [openAdvisoryStore(await buildMonitorDb(work, 1, "2026-03-01")), openAdvisoryStore(await buildMonitorDb(work, 2, "2026-03-02"))];
    try {
      const d = databaseDelta(a, b);
      const lodash = d.packages.find((p) => p.namespace === "npm" && p.package === "lodash");
      assert.ok(lodash, JSON.stringify(d.packages.map((p) => [p.namespace, p.package])));
      assert.deepEqual(lodash.added.map((r) => r.id), [NEW_GHSA]);
      assert.deepEqual(lodash.removed.map((r) => r.id), [RESOLVED_GHSA]);
      assert.deepEqual(lodash.changed.map((r) => [r.id, r.kinds, r.before.status, r.status]), [[FIXED_GHSA, ["status", "fix", "ranges"], "affected", "fixed"]]);
      // Only rows whose bytes differ are reported: the other lodash-* packages of the edited records, never minimist.
      assert.ok(!d.packages.some((p) => p.package === "minimist"));
      assert.ok(d.packages.every((p) => p.namespace === "npm" && p.package.startsWith("lodash")), JSON.stringify(d.packages.map((p) => p.package)));
      assert.ok(d.stats.rowsCompared > 10);
      assert.deepEqual([d.namespacesAdded, d.namespacesRemoved], [[], []]);
      assert.deepEqual(databaseDelta(a, a).packages, [], "a database against itself: no change");
    } finally {
      a.close();
      b.close();
    }
  });

  it("reports KEV additions and EPSS jumps at or over the threshold", async () => {
    const jumped = join(work, "epss-2.csv");
    const text = (await readFile(epssSample, "utf8")).replace(/^CVE-1999-0001,[^,]+,/m, "CVE-1999-0001,0.50000,").replace(/^CVE-1999-0002,[^,]+,/m, "CVE-1999-0002,0.05000,");
    await writeFile(jumped, text);
    const build = async (name: string, sources: { name: "epss" | "kev"; location: string }[]) => {
      const output = join(work, name);
      await buildDatabase({ output, logger: silentLogger, sources });
      return openAdvisoryStore(output);
    };
    const a = await build("e1.db", [{ name: "epss", location: epssSample }]);
    const b = await build("e2.db", [{ name: "epss", location: jumped }, { name: "kev", location: kevFeed }]);
    try {
      const d = databaseDelta(a, b);
      assert.deepEqual(d.vulnerabilities["CVE-1999-0001"]?.kinds, ["epss"]);
      assert.equal(d.vulnerabilities["CVE-1999-0001"]?.epss?.after, 0.5);
      assert.equal(d.vulnerabilities["CVE-1999-0002"], undefined, "a move under 0.1 is not a change");
      assert.equal(databaseDelta(a, b, { epssThreshold: 0.01 }).vulnerabilities["CVE-1999-0002"]?.kinds[0], "epss");
      const kev = Object.entries(d.vulnerabilities).filter(([, c]) => c.kinds.includes("kev"));
      const kevIds = (JSON.parse(await readFile(kevFeed, "utf8")) as { vulnerabilities: { cveID: string }[] }).vulnerabilities.map((v) => v.cveID);
      assert.equal(kev.length, new Set(kevIds).size);
      assert.ok(kev.every(([, c]) => c.kev?.before === false && c.kev.after));
    } finally {
      a.close();
      b.close();
    }
  });
});
