import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { gte, lt } from "@renovatebot/pep440";
import { memoryLogger, type LogRecord } from "../util/log.js";
import { feedsDir, listFiles, NVD_PAGE_LIMIT, sourceSpecs, startFeedServer, type FeedServer } from "../../test/helpers/feed-server.js";
import { buildDatabase, type BuildSummary } from "./build.js";
import { openAdvisoryStore, type AdvisoryStore } from "./store.js";
import { SCHEMA_VERSION } from "./schema.js";
import { databaseStatus } from "./status.js";

const samples = join(feedsDir, "format-samples");
const readJson = (f: string): unknown => JSON.parse(readFileSync(f, "utf8"));

/** Fixture record counts, computed from the files (not from the feed server). */
function fixtureCounts(): Record<string, number> {
  const osvDirs = ["osv-pypa/vulns", "osv-go/osv", "osv-rustsec/crates", "osv-almalinux/almalinux9"];
  let osv = osvDirs.reduce((n, d) => n + listFiles(join(feedsDir, d), [".json", ".yaml"]).length, 0);
  for (const f of listFiles(join(feedsDir, "osv-ghsa-subset"), [".json"])) {
    const rec = readJson(f) as { affected: { package: { ecosystem: string } }[] };
    osv += new Set(rec.affected.map((a) => a.package.ecosystem)).size; // one copy per ecosystem export
  }
  const tracker = readJson(join(feedsDir, "debian-security-tracker/sample-tracker-json/debian.json")) as Record<string, object>;
  const debian = Object.values(tracker).reduce((n, cves) => n + Object.keys(cves).length, 0);
  let alpine = 0;
  for (const f of listFiles(join(feedsDir, "alpine-secdb/json"), [".json"])) {
    const p = (readJson(f) as { packages: unknown }).packages;
    alpine += Array.isArray(p) ? p.length : 0;
  }
  for (const f of listFiles(join(samples, "alpine/input/secdb"), [".yaml"])) alpine += (parseYaml(readFileSync(f, "utf8")) as { packages: unknown[] }).packages.length;
  const ubuntu = [join(samples, "ubuntu/osv"), join(samples, "ubuntu/osv-esm-cases")].reduce((n, d) => n + listFiles(d, [".json"]).length, 0);
  const redhat = listFiles(join(samples, "rhel/csaf/advisories"), [".json"]).length;
  const nvdIds = new Set<string>();
  for (const f of ["full-page.json", "single-entry.json"]) {
    for (const v of (readJson(join(samples, "nvd", f)) as { vulnerabilities: { cve: { id: string } }[] }).vulnerabilities) nvdIds.add(v.cve.id);
  }
  const kev = (readJson(join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json")) as { vulnerabilities: unknown[] }).vulnerabilities.length;
  const epss = readFileSync(join(samples, "epss/example-1.csv"), "utf8").split("\n").filter((l) => /^CVE-/.test(l)).length;
  return { osv, debian, alpine, ubuntu, redhat, nvd: nvdIds.size, kev, epss };
}

describe("buildDatabase against the loopback feed server", () => {
  let server: FeedServer;
  let dir: string;
  let summary: BuildSummary;
  let store: AdvisoryStore;
  let warnings: LogRecord[];

  before(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), "dredge-db-test-"));
    const logger = memoryLogger();
    summary = await buildDatabase({ output: join(dir, "db.sqlite"), sources: sourceSpecs(server.url), logger, now: new Date("2026-11-27T00:00:00Z") });
    warnings = logger.records.filter((r) => r.level === "warn" && r.msg === "skipping malformed feed record");
    store = openAdvisoryStore(join(dir, "db.sqlite"));
  });
  after(async () => {
    store?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores every fixture record, minus only those reported malformed", () => {
    const expected = fixtureCounts();
    for (const [name, count] of Object.entries(expected)) {
      const s = summary.sources.find((x) => x.name === name);
      assert.ok(s, `source ${name} in summary`);
      const reported = warnings.filter((w) => w.fields?.source === name);
      assert.equal(s.records, count, `${name}: records seen`);
      assert.equal(s.skipped, reported.length, `${name}: skipped = warnings`);
      assert.equal(s.stored, count - reported.length, `${name}: stored`);
      for (const w of reported) assert.ok(typeof w.fields?.record === "string" && w.fields.record.length > 0);
    }
    const meta = store.metadata();
    assert.equal(meta.schemaVersion, SCHEMA_VERSION);
    assert.equal(meta.builtAt, "2026-11-27T00:00:00.000Z");
    assert.deepEqual(meta.sources.map((s) => [s.name, s.stored]).sort(), summary.sources.map((s) => [s.name, s.stored]).sort());
  });

  it("fetches one OSV ecosystem with --source osv:npm and one Alpine branch with alpine:v3.10", async () => {
    const before = server.requests.length;
    const s = await buildDatabase({
      output: join(dir, "npm.sqlite"),
      sources: [{ name: "osv:npm", location: `${server.url}/osv` }, { name: "alpine:v3.10", location: `${server.url}/alpine` }],
      logger: memoryLogger(),
    });
    const npm = listFiles(join(feedsDir, "osv-ghsa-subset"), [".json"]).filter((f) =>
      (readJson(f) as { affected: { package: { ecosystem: string } }[] }).affected.some((a) => a.package.ecosystem === "npm"),
    );
    assert.equal(s.sources[0]?.name, "osv:npm");
    assert.equal(s.sources[0]?.stored, npm.length);
    assert.deepEqual(server.requests.slice(before).filter((r) => r.startsWith("/osv/")), ["/osv/npm/all.zip"]);
    assert.deepEqual(server.requests.slice(before).filter((r) => r.startsWith("/alpine/")), ["/alpine/v3.10/main.json", "/alpine/v3.10/community.json"]);
  });

  it("gives `db status` data: schema, age, per-source counts and namespaces", () => {
    const st = databaseStatus(join(dir, "db.sqlite"), new Date("2026-11-28T00:00:00Z"));
    assert.equal(st.schemaVersion, SCHEMA_VERSION);
    assert.equal(st.ageSeconds, 86400);
    assert.equal(st.sources.find((s) => s.name === "kev")?.lastUpdate, "2025-08-25T17:04:19.9796Z");
    assert.ok((st.namespaces.find((n) => n.namespace === "pypi")?.rows ?? 0) > 2000);
  });

  it("looks up requests' PyPI advisories with their fixture ranges; 2.25.1 is hit only by PYSEC-2023-74", () => {
    const rows = store.lookup("pypi", "requests");
    const files = readdirSync(join(feedsDir, "osv-pypa/vulns/requests"));
    assert.deepEqual(rows.map((r) => r.vulnerabilityId).sort(), files.map((f) => f.replace(".yaml", "")).sort());
    for (const r of rows) {
      const rec = parseYaml(readFileSync(join(feedsDir, "osv-pypa/vulns/requests", `${r.vulnerabilityId}.yaml`), "utf8")) as {
        affected: { ranges: { type: string; events: object[] }[] }[];
      };
      const eco = rec.affected.flatMap((a) => a.ranges.filter((x) => x.type === "ECOSYSTEM").map((x) => x.events));
      assert.deepEqual(r.ranges.map((x) => x.events), eco, r.vulnerabilityId);
      assert.equal(r.ranges[0]?.scheme, "pep440");
    }
    const hits = rows.filter((r) =>
      r.ranges.some((rg) => {
        const intro = rg.events.find((e) => e.introduced)?.introduced ?? "0";
        const fixed = rg.events.find((e) => e.fixed)?.fixed;
        return gte("2.25.1", intro) && (fixed === undefined || lt("2.25.1", fixed));
      }),
    );
    assert.deepEqual(hits.map((h) => h.vulnerabilityId), ["PYSEC-2023-74"]);
    assert.equal(store.aliasGroup("PYSEC-2023-74"), "CVE-2023-32681");
  });

  it("stores Alpine secfixes per branch: openssl 1.1.1d-r0 fixes CVE-2019-1547 on 3.10", () => {
    const rows = store.lookup("alpine:3.10", "openssl").filter((r) => r.vulnerabilityId === "CVE-2019-1547");
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, "fixed");
    assert.deepEqual(rows[0]?.fixedVersions, ["1.1.1d-r0"]);
    assert.deepEqual(rows[0]?.ranges, [{ type: "ecosystem", scheme: "apk", events: [{ introduced: "0" }, { fixed: "1.1.1d-r0" }] }]);
    assert.equal(store.lookup("alpine:3.9", "openssl").some((r) => r.vulnerabilityId === "CVE-2019-1547"), true);
  });

  it("stores KEV, EPSS and NVD records", () => {
    assert.equal(store.kev("CVE-2025-48384")?.vendorProject, "Git");
    assert.equal(store.kev("CVE-1999-9999"), undefined);
    assert.deepEqual(store.epss("CVE-1999-0005"), { cveId: "CVE-1999-0005", score: 0.91963, percentile: 0.99214, date: "2025-02-20" });
    const nvd = store.vulnerability("CVE-2022-1576")?.records.find((r) => r.source === "nvd");
    assert.ok(nvd);
    assert.deepEqual(nvd.cwes, ["CWE-352"]);
    assert.ok(nvd.severities.some((s) => s.type === "CVSS_V3" && s.score === 6.5 && s.vector === "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N"));
    const pages = server.requests.filter((r) => r.startsWith("/nvd/"));
    assert.ok(pages.length >= 2, `NVD paging (limit ${NVD_PAGE_LIMIT}) used ${pages.length} requests`);
  });

  it("normalises names and namespaces: Maven group:artifact, AlmaLinux:9 → alma:9, Debian codenames", () => {
    assert.ok(store.lookup("maven", "org.apache.logging.log4j:log4j-core").some((r) => r.vulnerabilityId === "GHSA-jfh8-c2jp-5v3q"));
    assert.ok(store.namespaces().includes("alma:9"));
    const proto = store.lookup("debian:9", "prototypejs").find((r) => r.vulnerabilityId === "CVE-2008-7220");
    assert.equal(proto?.status, "fixed");
    assert.deepEqual(proto?.fixedVersions, ["1.6.0.2-1"]);
    assert.equal(proto?.urgency, "high");
  });

  it("reads Ubuntu OSV (priority, Pro namespace) and Red Hat CSAF (RHEL major, EVR)", () => {
    const way = store.lookup("ubuntu:18.04", "wayland").find((r) => r.vulnerabilityId === "UBUNTU-CVE-2021-3782");
    assert.equal(way?.severity, "medium");
    assert.deepEqual(way?.fixedVersions, ["1.16.0-1ubuntu1.1~18.04.4"]);
    assert.ok(way?.binaries?.includes("libwayland-client0"));
    assert.equal(store.aliasGroup("UBUNTU-CVE-2021-3782"), "CVE-2021-3782");
    assert.ok(store.lookup("ubuntu-pro:16.04", "wayland").length > 0);
    const py = store.lookup("redhat:9", "python3.9").find((r) => r.vulnerabilityId === "CVE-2024-8088");
    assert.equal(py?.status, "fixed");
    // two advisories fix python3.9 on RHEL 9 (9.4 EUS and 9.5): their rows merge
    assert.deepEqual(py?.fixedVersions.sort(), ["3.9.18-3.el9_4.5", "3.9.19-8.el9"]);
    assert.deepEqual(py?.advisories?.sort(), ["RHSA-2024:6163", "RHSA-2024:9371"]);
    assert.equal(py?.severity, "moderate");
  });
});
