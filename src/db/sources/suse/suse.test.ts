import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { feedsDir } from "../../../../test/helpers/feed-server.js";
import { memoryLogger } from "../../../util/log.js";
import { buildDatabase, parseSourceArg } from "../../build.js";
import { openAdvisoryStore } from "../../store.js";
import { matchInventory } from "../../../scan/match.js";
import { suseProductNamespace } from "../../../distro/suse/release.js";
import { osvNamespace } from "../../namespace.js";
import { parseComponent } from "./products.js";
import { parseSuseIndex } from "./fetch.js";
import { suseSource } from "./index.js";

const suseDir = join(feedsDir, "suse");
const ctx = { logger: memoryLogger() };
const read = (rel: string) => suseSource.transform({ id: rel, origin: rel, data: JSON.parse(readFileSync(join(suseDir, rel), "utf8")) }, ctx);

describe("suse: product names and ids", () => {
  it("maps products to SLES, SLE Micro and Leap namespaces", () => {
    const cases: [string, string | undefined][] = [
      ["SUSE Linux Enterprise Server 15 SP5", "sles:15.5"],
      ["SUSE Linux Enterprise Server 15 SP3-LTSS", "sles:15.3"],
      ["SUSE Linux Enterprise Server 15-LTSS", "sles:15"],
      ["SUSE Linux Enterprise Server 11 SP4 LTSS", "sles:11.4"],
      ["SUSE Linux Enterprise Server for SAP Applications 15 SP2", "sles:15.2"],
      ["SUSE Linux Enterprise Module for Basesystem 15 SP5", "sles:15.5"],
      ["SUSE Linux Enterprise Micro 5.4", "sle-micro:5.4"],
      ["SUSE Linux Micro 6.0", "sle-micro:6.0"],
      ["openSUSE Leap 15.5", "opensuse:15.5"],
      ["openSUSE Tumbleweed", "opensuse:tumbleweed"],
      ["openSUSE Leap Micro 5.5", undefined],
      ["SUSE Package Hub 12", undefined],
      ["SUSE Manager Server 4.2", undefined],
    ];
    for (const [name, ns] of cases) assert.equal(suseProductNamespace(name), ns, name);
  });
  it("keeps SLE Micro apart from SLES in SUSE's OSV ecosystems too", () => {
    assert.equal(osvNamespace("SUSE:Linux Enterprise Micro 5.3")?.namespace, "sle-micro:5.3");
    assert.equal(osvNamespace("SUSE:Linux Enterprise Server 15 SP5")?.namespace, "sles:15.5");
    assert.equal(osvNamespace("openSUSE:Leap Micro 5.5"), undefined);
  });
  it("splits components: NVRA, NVR, bare names", () => {
    assert.deepEqual(parseComponent("bind-9.9.4P2-0.6.1.i586"), { name: "bind", version: "9.9.4P2-0.6.1" });
    assert.deepEqual(parseComponent("samba-client-libs-4.19.4+git.339.acf1ccaa02-1.22"), { name: "samba-client-libs", version: "4.19.4+git.339.acf1ccaa02-1.22" });
    assert.deepEqual(parseComponent("libdcerpc-binding0-32bit"), { name: "libdcerpc-binding0-32bit" });
    assert.deepEqual(parseComponent("libopenssl1_1-1.1.1d-150200.11.48.1.x86_64"), { name: "libopenssl1_1", version: "1.1.1d-150200.11.48.1" });
  });
  it("reads SUSE's own index.txt", () => {
    const names = parseSuseIndex(readFileSync(join(suseDir, "csaf/index.txt"), "utf8"));
    assert.equal(names.length, 17018);
    assert.ok(names.includes("suse-su-2015_0011-2.json"));
  });
});

describe("suse: real CSAF documents", () => {
  it("an advisory: fixed rows keyed by the advisory, version from the product id, SUSE's rating", () => {
    const out = read("csaf/suse-su-2015_0011-2.json");
    const bind = out.affected.filter((a) => a.packageName === "bind");
    assert.deepEqual(bind.map((a) => [a.namespace, a.vulnerabilityId, a.status, a.fixedVersions.join(), a.severity, a.advisories?.join()]), [
      ["sles:11.2", "SUSE-SU-2015:0011-2", "fixed", "9.9.4P2-0.6.1", "moderate", "SUSE-SU-2015:0011-2"],
    ]);
    const adv = out.vulnerabilities.find((v) => v.id === "SUSE-SU-2015:0011-2");
    assert.ok(adv?.related.includes("CVE-2014-0591"));
    assert.ok(out.vulnerabilities.some((v) => v.id === "CVE-2014-0591" && v.source === "suse"));
  });
  it("an advisory for a product without a namespace (Package Hub) gives descriptions only", () => {
    const out = read("csaf/opensuse-su-2016_1623-1.json");
    assert.deepEqual(out.affected, []);
    assert.ok(out.vulnerabilities.length > 1);
  });
  it("a CSAF VEX document: not-affected rows per product, its fixes left to the advisories", () => {
    const out = read("csaf-vex/cve-2023-5568.json");
    const by = (ns: string, pkg: string) => out.affected.find((a) => a.namespace === ns && a.packageName === pkg);
    assert.equal(by("sle-micro:5.4", "samba")?.status, "not_affected");
    assert.equal(by("sle-micro:6.0", "samba-client-libs"), undefined);
    assert.ok(out.affected.every((a) => a.status !== "fixed" && a.vulnerabilityId === "CVE-2023-5568"));
    assert.ok(out.affected.every((a) => a.severity === "moderate"));
  });
});

describe("suse: the vendor's CSAF wins over SUSE's OSV copy, one finding per advisory", () => {
  it("builds from both and matches a SLES 11 SP2 bind once, from the CSAF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-suse-"));
    try {
      // SUSE's OSV record of the same advisory; the 2015 original lists no packages, so they are added
      // here in the shape SUSE's newer OSV records have.
      const osv = JSON.parse(readFileSync(join(suseDir, "osv/SUSE-SU-2015:0011-2.json"), "utf8")) as Record<string, unknown>;
      osv.affected = [{
        package: { ecosystem: "SUSE:Linux Enterprise Server 11 SP2-LTSS", name: "bind" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "9.9.4P2-0.6.1" }] }],
      }];
      mkdirSync(join(dir, "osv"));
      writeFileSync(join(dir, "osv", "SUSE-SU-2015:0011-2.json"), JSON.stringify(osv));
      const logger = memoryLogger();
      await buildDatabase({
        output: join(dir, "db"), logger,
        sources: [parseSourceArg(`osv=${join(dir, "osv")}`), parseSourceArg(`suse=${join(suseDir, "csaf")}`), parseSourceArg(`suse=${join(suseDir, "csaf-vex")}`)],
      });
      const store = openAdvisoryStore(join(dir, "db"));
      try {
        assert.equal(store.lookup("sles:11.2", "bind").length, 2);
        const pkg = {
          type: "rpm" as const, name: "bind", version: "9.9.4P2", release: "0.5.1", vendor: "SUSE LLC <https://www.suse.com/>",
          purl: "pkg:rpm/suse/bind@9.9.4P2-0.5.1", locations: [{ path: "/var/lib/rpm" }],
        };
        const found = matchInventory({ target: { name: "t", source: "rootfs", repoTags: [], repoDigests: [] }, os: { family: "sles", name: "11.2" }, packages: [pkg], layers: [], warnings: [] }, store, () => {});
        assert.deepEqual(found.map((f) => [f.id, f.dataSource?.id, f.fixedVersions.join(), f.severity, f.status]), [["SUSE-SU-2015:0011-2", "suse", "9.9.4P2-0.6.1", "MEDIUM", "fixed"]]);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
