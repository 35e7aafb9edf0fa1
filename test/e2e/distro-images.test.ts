/**
 * Images of the distros of issue #20, built here (hand-built rpms in a fresh sqlite rpm database, the
 * distro's real os-release or release-file text), scanned with `dredge image` against databases built by
 * `dredge db build` from the fixture feeds: each gives its known findings, with the distro's own severity
 * and status, in every report format. Rocky 9 is the lead's rocky9-rpm image, matched against RLSA records
 * written in the shape of the staged AlmaLinux OSV.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import { reportFormats } from "../../src/report/registry.js";
import { runCli } from "../helpers/cli.js";
import { feedsDir } from "../helpers/feed-server.js";
import { testImages } from "../helpers/images.js";
import { buildRpmImage, type BuiltRpm } from "../helpers/rpm-image.js";
import { writeOciArchive } from "../helpers/oci-writer.js";
import { osFindingFormats, schemaErrors, schemaValidator } from "../../src/report/testing.js";

const work = mkdtempSync(join(tmpdir(), "dredge-distro-images-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Formats that list OS vulnerabilities by id (spdx-json and github are inventories). */
const LISTING = osFindingFormats.filter((f) => f !== "spdx-json" && f !== "github");

async function cli(...args: string[]): Promise<string> {
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function buildDb(name: string, ...sources: string[]): Promise<string> {
  const db = join(work, `${name}.db`);
  await cli("db", "build", "--output", db, ...sources.flatMap((s) => ["--source", s]));
  return db;
}

async function scanJson(image: string, db: string): Promise<ScanReport> {
  return JSON.parse(await cli("image", image, "--db", db, "--format", "json", "--cache-dir", join(work, "cache"))) as ScanReport;
}

const rows = (r: ScanReport): string[] =>
  r.targets.flatMap((t) => t.vulnerabilities).map((f: VulnerabilityFinding) => `${f.package.name} ${f.id} ${f.fixedVersions.join(",")} ${f.severity} ${f.status}`).sort();

async function everyFormat(image: string, db: string, ids: readonly string[]): Promise<void> {
  for (const format of reportFormats) {
    const out = await cli("image", image, "--db", db, "--format", format, "--cache-dir", join(work, "cache"));
    if (LISTING.includes(format)) for (const id of ids) assert.ok(out.includes(id), `${format} lists ${id}`);
  }
}

const rpm = (vendor: string) => (name: string, version: string, release: string, sourceName?: string): BuiltRpm =>
  ({ name, version, release, vendor, ...(sourceName ? { sourceName } : {}) });

describe("dredge image on the distros of #20", () => {
  describe("Photon OS 4.0 (Photon CVE metadata)", () => {
    let image = "";
    let db = "";
    before(async () => {
      const ph = rpm("VMware, Inc.");
      image = await buildRpmImage(join(work, "photon"), {
        files: {
          "etc/os-release": 'NAME="VMware Photon OS"\nVERSION="4.0"\nID=photon\nVERSION_ID=4.0\nPRETTY_NAME="VMware Photon OS/Linux"\nANSI_COLOR="1;34"\nHOME_URL="https://vmware.github.io/photon/"\nBUG_REPORT_URL="https://github.com/vmware/photon/issues"\n',
          "etc/photon-release": "VMware Photon OS 4.0\nPHOTON_BUILD_NUMBER=2f5aad892\n",
        },
        rpms: [ph("openssl", "3.0.20", "1.ph4"), ph("curl-libs", "8.14.1", "2.ph4", "curl")],
      });
      const meta = join(feedsDir, "photon");
      db = await buildDb("photon", `photon=${join(meta, "vuln-list-split")}`, `photon=${join(meta, "cve-metadata-fixtures/vuls-data-update")}`);
    });

    it("reports Photon's fixes with Photon's severity, by binary and by source rpm", async () => {
      const report = await scanJson(image, db);
      assert.deepEqual([report.artifact.os?.family, report.artifact.os?.name], ["photon", "4.0"]);
      assert.deepEqual(rows(report), [
        "curl-libs CVE-2025-9086 8.16.0-1.ph4 HIGH fixed",
        "openssl CVE-2026-9076 3.0.21-1.ph4 HIGH fixed",
      ]);
      assert.ok(report.targets.flatMap((t) => t.vulnerabilities).every((f) => f.severitySource === "photon"));
      await everyFormat(image, db, ["CVE-2025-9086", "CVE-2026-9076"]);
    });
  });

  describe("SUSE Linux Enterprise Server 11 SP2 (SUSE CSAF, SuSE-release)", () => {
    it("reports the SUSE advisory once, from SUSE's CSAF, with SUSE's rating", async () => {
      const image = await buildRpmImage(join(work, "sles"), {
        files: { "etc/SuSE-release": "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 2\n" },
        rpms: [rpm("SUSE LLC <https://www.suse.com/>")("bind", "9.9.4P2", "0.5.1")],
      });
      const db = await buildDb("sles", `suse=${join(feedsDir, "suse/csaf")}`, `osv=${join(feedsDir, "suse/osv")}`);
      const report = await scanJson(image, db);
      assert.deepEqual([report.artifact.os?.family, report.artifact.os?.name], ["sles", "11.2"]);
      assert.deepEqual(rows(report), ["bind SUSE-SU-2015:0011-2 9.9.4P2-0.6.1 MEDIUM fixed"]);
      await everyFormat(image, db, ["SUSE-SU-2015:0011-2"]);
    });
  });

  describe("SLE Micro 5.4 (SUSE CSAF VEX)", () => {
    it("is its own release: checked in sle-micro:5.4, where SUSE says samba is not affected", async () => {
      const image = await buildRpmImage(join(work, "slem"), {
        files: { "etc/os-release": 'NAME="SLE Micro"\nVERSION="5.4"\nVERSION_ID="5.4"\nPRETTY_NAME="SUSE Linux Enterprise Micro 5.4"\nID="sle-micro"\nID_LIKE="suse"\nANSI_COLOR="0;32"\nCPE_NAME="cpe:/o:suse:sle-micro:5.4"\n' },
        rpms: [rpm("SUSE LLC <https://www.suse.com/>")("samba", "4.15.13", "150400.3.31.1")],
      });
      const db = await buildDb("slem", `suse=${join(feedsDir, "suse/csaf-vex")}`);
      const report = await scanJson(image, db);
      assert.deepEqual([report.artifact.os?.family, report.artifact.os?.name], ["sle-micro", "5.4"]);
      assert.deepEqual(report.coverage?.map((c) => [c.name, c.namespaces.join(), c.checked]), [["sle-micro 5.4", "sle-micro:5.4", true]]);
      assert.deepEqual(rows(report), []);
    });
  });

  describe("Ubuntu 18.04 (Ubuntu CVE tracker)", () => {
    it("a needs-triage CVE is reported under investigation, with Ubuntu's priority, in every format", async () => {
      const status = [
        "Package: libwebkitgtk-1.0-0\nStatus: install ok installed\nArchitecture: amd64\nSource: webkitgtk\nVersion: 2.4.11-3ubuntu3\n",
        "Package: python-django\nStatus: install ok installed\nArchitecture: all\nVersion: 1:1.11.11-1ubuntu1.6\n",
      ].join("\n");
      const image = join(work, "ubuntu.oci.tar");
      await writeOciArchive(image, { layers: [{ entries: [
        { path: "etc/os-release", content: 'NAME="Ubuntu"\nVERSION="18.04.6 LTS (Bionic Beaver)"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 18.04.6 LTS"\nVERSION_ID="18.04"\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nVERSION_CODENAME=bionic\nUBUNTU_CODENAME=bionic\n' },
        { path: "var/lib/dpkg/status", content: status },
      ] }] });
      const db = await buildDb("ubuntu", `ubuntu-tracker=${join(feedsDir, "ubuntu/cve-tracker")}`);
      const report = await scanJson(image, db);
      assert.deepEqual(schemaErrors(schemaValidator("dredge"), report), []);
      const found = rows(report);
      assert.ok(found.includes("libwebkitgtk-1.0-0 CVE-2020-10018  MEDIUM under_investigation"), found.join("\n"));
      assert.ok(found.includes("python-django CVE-2020-7471 1:1.11.11-1ubuntu1.7 MEDIUM fixed"), found.join("\n"));
      await everyFormat(image, db, ["CVE-2020-10018", "CVE-2020-7471"]);
      const table = await cli("image", image, "--db", db, "--cache-dir", join(work, "cache"));
      assert.match(table, /under_investiga/); // the Status column is cut to the terminal width
    });
  });

  describe("Wolfi (a user-built wolfi feed)", () => {
    it("reports the secdb's fixes by origin package", async () => {
      // Wolfi's secdb is not redistributable: the records are written here in its security.json shape.
      const secdb = { reponame: "os", urlprefix: "https://packages.wolfi.dev", packages: [{ pkg: { name: "openssl", secfixes: { "3.3.2-r0": ["CVE-2024-6119"], "0": ["CVE-2023-0466"] } } }] };
      const feed = join(work, "security.json");
      writeFileSync(feed, JSON.stringify(secdb));
      const installed = "C:Q1abc=\nP:libcrypto3\nV:3.3.1-r0\nA:x86_64\nS:1\nI:1\nT:crypto\nU:https://www.openssl.org\nL:Apache-2.0\no:openssl\nm:Wolfi\nt:1700000000\n\n";
      const image = join(work, "wolfi.oci.tar");
      await writeOciArchive(image, { layers: [{ entries: [
        { path: "etc/os-release", content: 'ID=wolfi\nNAME="Wolfi"\nPRETTY_NAME="Wolfi"\nVERSION_ID="20230201"\nHOME_URL="https://wolfi.dev"\n' },
        { path: "lib/apk/db/installed", content: installed },
      ] }] });
      const db = await buildDb("wolfi", `wolfi=${feed}`);
      const report = await scanJson(image, db);
      assert.equal(report.artifact.os?.family, "wolfi");
      assert.deepEqual(rows(report), ["libcrypto3 CVE-2024-6119 3.3.2-r0 UNKNOWN fixed"]);
      await everyFormat(image, db, ["CVE-2024-6119"]);
    });
  });

  describe("Rocky Linux 9 (the rocky9-rpm test image, RLSA records)", () => {
    it("reports the RLSAs whose ranges include openssl-libs and curl", async () => {
      // RLSA records written in the shape of the staged AlmaLinux OSV: each ALSA for openssl-libs or curl,
      // renamed, in the `Rocky Linux:9` ecosystem (Rocky and Alma rebuild the same RHEL sources).
      const dir = join(work, "rlsa");
      mkdirSync(dir);
      const alma = join(feedsDir, "osv-almalinux/almalinux9");
      let written = 0;
      for (const f of readdirSync(alma).filter((n) => n.startsWith("ALSA-"))) {
        const text = readFileSync(join(alma, f), "utf8");
        if (!/"name": ?"(openssl-libs|curl)"/.test(text)) continue;
        const rlsa = text.replaceAll("ALSA-", "RLSA-").replaceAll('"AlmaLinux:9"', '"Rocky Linux:9"').replaceAll("errata.almalinux.org", "errata.rockylinux.org");
        writeFileSync(join(dir, f.replace("ALSA-", "RLSA-")), rlsa);
        written++;
      }
      assert.ok(written > 5, "ALSAs for openssl-libs and curl");
      const db = await buildDb("rocky", `osv=${dir}`);
      const image = testImages().rpmDockerArchive;
      const report = await scanJson(image, db);
      assert.deepEqual([report.artifact.os?.family, report.artifact.os?.name], ["rocky", "9.0"]);
      const found = report.targets.flatMap((t) => t.vulnerabilities);
      const installed = new Map(testImages().expected["rocky9-rpm"].rpm.map((p) => [p.name, p.version]));
      assert.deepEqual(new Set(found.map((f) => f.package.name)), new Set(["openssl-libs", "curl"]));
      for (const f of found) {
        assert.equal(f.installedVersion, installed.get(f.package.name));
        assert.ok([f.id, ...f.aliases].some((i) => i.startsWith("RLSA-")), f.id);
        assert.equal(f.dataSource?.id, "osv");
        assert.equal(f.status, "fixed");
      }
      assert.deepEqual(report.coverage?.map((c) => [c.name, c.namespaces.join(), c.checked]), [["rocky 9.0", "rocky:9", true]]);
      await everyFormat(image, db, [...new Set(found.map((f) => f.id))].slice(0, 3));
    });
  });
});
