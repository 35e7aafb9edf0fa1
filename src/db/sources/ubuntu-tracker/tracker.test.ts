import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { feedsDir } from "../../../../test/helpers/feed-server.js";
import { memoryLogger } from "../../../util/log.js";
import { buildDatabase, parseSourceArg } from "../../build.js";
import { openAdvisoryStore } from "../../store.js";
import { matchInventory } from "../../../scan/match.js";
import type { Package } from "../../../model/package.js";
import type { RawRecord } from "../types.js";
import { fetchTracker } from "./fetch.js";
import { ubuntuTrackerSource } from "./index.js";
import { trackerNamespace } from "./transform.js";

const trackerDir = join(feedsDir, "ubuntu/cve-tracker");
const ctx = { logger: memoryLogger() };

async function all(): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of fetchTracker({ location: trackerDir, local: true, logger: ctx.logger, tmpDir: tmpdir(), setLastUpdate() {} })) out.push(r);
  return out;
}

describe("Ubuntu CVE tracker on its 464 real entries", () => {
  it("reads every entry (the boilerplate template is not one) and maps every status word", async () => {
    const recs = await all();
    assert.equal(recs.length, 464);
    const rows = recs.flatMap((r) => ubuntuTrackerSource.transform(r, ctx).affected);
    const count = (status: string) => rows.filter((a) => a.status === status).length;
    for (const s of ["fixed", "affected", "under_investigation", "fix_deferred", "will_not_fix", "end_of_life", "not_affected"]) assert.ok(count(s) > 0, s);
    assert.ok(rows.every((a) => a.namespace.startsWith("ubuntu:") || a.namespace.startsWith("ubuntu-pro:")));
  });

  it("maps releases: trusty/esm and precise/esm are Ubuntu Pro; upstream and devel are no release", () => {
    assert.equal(trackerNamespace("trusty/esm"), "ubuntu-pro:14.04");
    assert.equal(trackerNamespace("precise/esm"), "ubuntu-pro:12.04");
    assert.equal(trackerNamespace("esm-apps/focal"), "ubuntu-pro:20.04");
    assert.equal(trackerNamespace("bionic"), "ubuntu:18.04");
    assert.equal(trackerNamespace("upstream"), undefined);
    assert.equal(trackerNamespace("devel"), undefined);
  });

  it("CVE-2020-0549: needed, ignored at end of life and out of standard support, needed in ESM", () => {
    const out = ubuntuTrackerSource.transform({ id: "x", origin: "x", data: readFileSync(join(trackerDir, "active/CVE-2020-0549"), "utf8") }, ctx);
    const by = (ns: string) => out.affected.find((a) => a.namespace === ns && a.packageName === "intel-microcode");
    assert.equal(by("ubuntu:18.04")?.status, "affected");
    assert.equal(by("ubuntu:19.04")?.status, "end_of_life");
    assert.equal(by("ubuntu:14.04")?.status, "end_of_life");
    assert.equal(by("ubuntu-pro:14.04")?.status, "affected");
    assert.equal(by("ubuntu:18.04")?.severity, "medium");
    assert.equal(out.affected.find((a) => a.namespace === "ubuntu-pro:12.04"), undefined, "DNE: no row");
    assert.deepEqual(out.vulnerabilities[0]?.aliases, ["CVE-2020-0549"]);
  });

  it("released versions keep their epoch", () => {
    const out = ubuntuTrackerSource.transform({ id: "x", origin: "x", data: readFileSync(join(trackerDir, "retired/CVE-2020-7471"), "utf8") }, ctx);
    assert.deepEqual(out.affected.find((a) => a.namespace === "ubuntu:18.04" && a.packageName === "python-django")?.fixedVersions, ["1:1.11.11-1ubuntu1.7"]);
  });
});

describe("Ubuntu: needs-triage through matching", () => {
  it("an untriaged CVE is a finding under investigation, from the tracker", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-uct-"));
    try {
      await buildDatabase({ output: join(dir, "db"), logger: memoryLogger(), sources: [parseSourceArg(`ubuntu-tracker=${trackerDir}`)] });
      const store = openAdvisoryStore(join(dir, "db"));
      try {
        const deb = (name: string, version: string): Package => ({
          type: "deb", name, version, source: { name, version }, purl: `pkg:deb/ubuntu/${name}@${version}?distro=ubuntu-18.04`, locations: [{ path: "/var/lib/dpkg/status" }],
        });
        const found = matchInventory({
          target: { name: "t", source: "rootfs", repoTags: [], repoDigests: [] }, os: { family: "ubuntu", name: "18.04" }, layers: [], warnings: [],
          packages: [deb("webkitgtk", "2.4.11-3ubuntu3"), deb("python-django", "1:1.11.11-1ubuntu1.6")],
        }, store, () => {});
        const rows = found.map((f) => `${f.package.name} ${f.id} ${f.status} ${f.severity}`).sort();
        assert.ok(rows.includes("webkitgtk CVE-2020-10018 under_investigation MEDIUM"), rows.join("\n"));
        assert.ok(rows.includes("python-django CVE-2020-7471 fixed MEDIUM"), rows.join("\n"));
        const triage = found.find((f) => f.id === "CVE-2020-10018")!;
        assert.equal(triage.dataSource?.id, "ubuntu-tracker");
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
