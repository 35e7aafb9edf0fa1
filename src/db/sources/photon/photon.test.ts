import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { feedsDir } from "../../../../test/helpers/feed-server.js";
import { serveLoopback, type LoopbackServer } from "../../../../test/helpers/loopback.js";
import { memoryLogger } from "../../../util/log.js";
import { buildDatabase, parseSourceArg } from "../../build.js";
import { openAdvisoryStore, type AdvisoryStore } from "../../store.js";
import { matchInventory } from "../../../scan/match.js";
import type { Package } from "../../../model/package.js";
import type { RawRecord } from "../types.js";
import { MalformedRecord } from "../types.js";
import { fetchPhoton } from "./fetch.js";
import { photonSource } from "./index.js";

const photonDir = join(feedsDir, "photon");
const ctx = { logger: memoryLogger() };

async function records(location: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of fetchPhoton({ location, local: true, logger: ctx.logger, tmpDir: tmpdir(), setLastUpdate() {} })) out.push(r);
  return out;
}

describe("photon feed on the real CVE metadata samples", () => {
  it("keeps CVE, BDSA and UNK ids and rejects junk ids", async () => {
    const recs = await records(join(photonDir, "cve-metadata-fixtures"));
    const ok: string[] = [];
    const junk: string[] = [];
    for (const r of recs) {
      try {
        for (const a of photonSource.transform(r, ctx).affected) ok.push(`${a.namespace} ${a.packageName} ${a.vulnerabilityId} ${a.status} ${a.fixedVersions.join(",")}`);
      } catch (err) {
        assert.ok(err instanceof MalformedRecord, String(err));
        junk.push(r.id);
      }
    }
    assert.deepEqual(junk, ["4.0/linux/Re"]);
    assert.ok(ok.includes("photon:4.0 curl-libs CVE-2025-9086 fixed 8.16.0-1.ph4"));
    assert.ok(ok.includes("photon:4.0 krb5-devel BDSA-2025-0719 fixed 1.17-15.ph4"));
    assert.ok(ok.includes("photon:4.0 curl UNK-1 not_affected "));
    assert.ok(ok.includes("photon:5.0 consul BDSA-2025-13833 not_affected "));
    assert.ok(ok.includes("photon:4.0 httpd CVE-2023-44487 not_affected "));
    // `Fixed` with res_ver NA: fixed, no version, matches nothing.
    assert.ok(ok.includes("photon:4.0 python3 CVE-2023-50447 fixed "));
  });

  it("reads vuln-list's split records (os_version, no status: NA/NA is the vendor's Not Affected)", async () => {
    const rows = (await records(join(photonDir, "vuln-list-split"))).flatMap((r) => photonSource.transform(r, ctx).affected);
    const by = (ns: string, id: string) => rows.find((a) => a.namespace === ns && a.vulnerabilityId === id);
    assert.equal(by("photon:3.0", "CVE-2015-3195")?.status, "not_affected");
    assert.equal(by("photon:4.0", "CVE-2016-0702")?.status, "not_affected");
    assert.deepEqual(by("photon:4.0", "CVE-2026-9076")?.fixedVersions, ["3.0.21-1.ph4"]);
    assert.equal(by("photon:4.0", "CVE-2026-9076")?.severity, "high");
    assert.equal(by("photon:5.0", "BDSA-2026-25244")?.severity, "medium");
    assert.equal(rows.length, 9);
  });

  it("a status other than Fixed / Not Affected with NA, or prose in aff_ver without a fix, is affected with no fix", () => {
    const t = (entry: Record<string, unknown>) => photonSource.transform({ id: "x", origin: "x", data: { release: "5.0", entry: { cve_id: "CVE-2024-1", pkg: "p", ...entry } } }, ctx).affected[0];
    assert.equal(t({ aff_ver: "NA", res_ver: "NA", status: "Vulnerable" })?.status, "affected");
    assert.equal(t({ aff_ver: "all versions are vulnerable", res_ver: "NA" })?.status, "affected");
    assert.deepEqual(t({ aff_ver: "all versions are vulnerable", res_ver: "NA" })?.ranges[0]?.events, [{ introduced: "0" }]);
  });
});

describe("photon: db build from the upstream layout, then matching", () => {
  let server: LoopbackServer;
  let dir = "";
  let store: AdvisoryStore;
  const vendorFiles = join(photonDir, "cve-metadata-fixtures/vuls-data-update");
  before(async () => {
    server = await serveLoopback((u) => {
      const m = /^\/meta\/(photon_versions\.json|cve_data_photon\d\.\d\.json)$/.exec(u.pathname);
      if (!m?.[1]) return undefined;
      try {
        return { body: readFileSync(join(vendorFiles, m[1])), type: "application/json" };
      } catch {
        return undefined;
      }
    });
    dir = mkdtempSync(join(tmpdir(), "dredge-photon-"));
    const logger = memoryLogger();
    const s = await buildDatabase({ output: join(dir, "db"), sources: [parseSourceArg(`photon=${server.url}/meta`)], logger });
    assert.equal(s.sources[0]?.skipped, 1);
    assert.ok(logger.records.some((r) => r.level === "warn" && String(r.fields?.record) === "4.0/linux/Re"));
    store = openAdvisoryStore(join(dir, "db"));
  });
  after(async () => {
    store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fetches the releases photon_versions.json lists", () => {
    assert.deepEqual(server.requests.sort(), ["/meta/cve_data_photon1.0.json", "/meta/cve_data_photon4.0.json", "/meta/cve_data_photon5.0.json", "/meta/photon_versions.json"]);
  });

  const pkg = (name: string, version: string, release: string, epoch?: number, source?: string): Package => ({
    type: "rpm", name, version, release, ...(epoch ? { epoch } : {}), vendor: "VMware, Inc.",
    ...(source ? { source: { name: source, version: `${version}-${release}` } } : {}),
    purl: `pkg:rpm/photon/${name}@${version}-${release}`, locations: [{ path: "/var/lib/rpm" }],
  });
  const scan = (packages: Package[]) =>
    matchInventory({ target: { name: "t", source: "rootfs", repoTags: [], repoDigests: [] }, os: { family: "photon", name: "4.0" }, packages, layers: [], warnings: [] }, store, () => {})
      .map((f) => `${f.package.name} ${f.id} ${f.fixedVersions.join(",")} ${f.severity} ${f.status}`).sort();

  it("finds fixed CVEs by binary and source name, with Photon's severity", () => {
    assert.deepEqual(scan([pkg("curl-libs", "8.14.1", "2.ph4", undefined, "curl"), pkg("curl", "8.16.0", "1.ph4")]), [
      "curl-libs CVE-2025-9086 8.16.0-1.ph4 HIGH fixed",
    ]);
  });

  it("compares without epoch (res_ver has none)", () => {
    assert.deepEqual(scan([pkg("curl", "8.14.1", "2.ph4", 1)]), ["curl CVE-2025-9086 8.16.0-1.ph4 HIGH fixed"]);
  });
});
