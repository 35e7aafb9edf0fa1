/**
 * `dredge image` on one image per rpm distro with its own feed (issue #20): Amazon Linux 2 (ALAS), Oracle
 * Linux 8 (ELSA OVAL), Azure Linux 3.0 and CBL-Mariner 2.0 (Microsoft OVAL). Each image is built here
 * (test/helpers/rpm-image.ts: hand-built rpms in a sqlite rpmdb, the distro's real /etc/os-release) and
 * scanned against a database built by `db build` from the real upstream samples in ../shared/fixtures.
 * The expected findings are read from the same samples by simple independent readers (JSON.parse, the
 * OVAL text by regular expressions) and compared with rpm's own rpm.vercmp; never by src/.
 *
 * os-release texts: Amazon Linux 2 from neuvector/scanner detectors/osrelease_test.go; Oracle Linux 8.10,
 * Azure Linux 3.0 and CBL-Mariner 2.0 from aquasecurity/trivy pkg/fanal/analyzer/os/release/testdata/
 * {oracle, azurelinux-3.0, mariner-2.0} (commits 2e0aaab, 1f2798d, 9cea8e1).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import { reportFormats } from "../../src/report/registry.js";
import { osFindingFormats } from "../../src/report/testing.js";
import { runCli } from "../helpers/cli.js";
import { buildRpmImage, rpmEvr, type BuiltRpm } from "../helpers/rpm-image.js";
import { allFindings, feeds } from "./fixture-db.js";

const OS_RELEASE = {
  amazon2: [
    'NAME="Amazon Linux"', 'VERSION="2"', 'ID="amzn"', 'ID_LIKE="centos rhel fedora"', 'VERSION_ID="2"', 'PRETTY_NAME="Amazon Linux 2"',
    'ANSI_COLOR="0;33"', 'CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2"', 'HOME_URL="https://amazonlinux.com/"', "",
  ].join("\n"),
  oracle8: [
    'NAME="Oracle Linux Server"', 'VERSION="8.10"', 'ID="ol"', 'ID_LIKE="fedora"', 'VARIANT="Server"', 'VARIANT_ID="server"', 'VERSION_ID="8.10"',
    'PLATFORM_ID="platform:el8"', 'PRETTY_NAME="Oracle Linux Server 8.10"', 'ANSI_COLOR="0;31"', 'CPE_NAME="cpe:/o:oracle:linux:8:10:server"',
    'HOME_URL="https://linux.oracle.com/"', 'BUG_REPORT_URL="https://github.com/oracle/oracle-linux"', "",
    'ORACLE_BUGZILLA_PRODUCT="Oracle Linux 8"', "ORACLE_BUGZILLA_PRODUCT_VERSION=8.10", 'ORACLE_SUPPORT_PRODUCT="Oracle Linux"',
    "ORACLE_SUPPORT_PRODUCT_VERSION=8.10",
  ].join("\n"),
  azurelinux3: [
    'NAME="Microsoft Azure Linux"', 'VERSION="3.0.20240624"', "ID=azurelinux", 'VERSION_ID="3.0"', 'PRETTY_NAME="Microsoft Azure Linux 3.0"',
    'ANSI_COLOR="1;34"', 'HOME_URL="https://aka.ms/azurelinux"', 'BUG_REPORT_URL="https://aka.ms/azurelinux"', 'SUPPORT_URL="https://aka.ms/azurelinux"', "",
  ].join("\n"),
  mariner2: [
    'NAME="Common Base Linux Mariner"', 'VERSION="2.0.20240123"', "ID=mariner", 'VERSION_ID="2.0"', 'PRETTY_NAME="CBL-Mariner/Linux"',
    'ANSI_COLOR="1;34"', 'HOME_URL="https://aka.ms/cbl-mariner"', 'BUG_REPORT_URL="https://aka.ms/cbl-mariner"', 'SUPPORT_URL="https://aka.ms/cbl-mariner"', "",
  ].join("\n"),
};

/** rpm's own EVR comparison (rpm.vercmp), batched. */
function rpmCompare(pairs: readonly [string, string][]): number[] {
  for (const [a, b] of pairs) if (!/^[\w.:+~^-]+$/.test(a + b)) throw new Error(`unexpected EVR ${a} / ${b}`);
  const lua = `t={} ${pairs.map(([a, b]) => `t[#t+1]=rpm.vercmp("${a}","${b}")`).join(" ")} print(table.concat(t, ","))`;
  return execFileSync("rpm", ["--eval", `%{lua: ${lua}}`], { encoding: "utf8" }).trim().split(",").map(Number);
}
const below = (installed: string, evrs: readonly string[]): boolean[] => rpmCompare(evrs.map((e) => [installed, e])).map((c) => c < 0);

const amazonFeeds = join(feeds, "amazon");
const oracleFeeds = join(feeds, "oracle");
const azureFeeds = join(feeds, "azure-linux");

let work: string;
let db: string;
/** A database with Amazon's advisories only: an Oracle image scanned against it must warn. */
let amazonOnly: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-rpm-distros-"));
  db = join(work, "dredge.db");
  const sources = [
    `amazon=${join(amazonFeeds, "updateinfo")}`, `amazon=${join(amazonFeeds, "vuln-list")}`,
    `oracle=${join(oracleFeeds, "oval-fixtures")}`, `oracle=${join(oracleFeeds, "vuln-list")}`, `mariner=${azureFeeds}`,
  ];
  const r = await runCli(["db", "build", "--output", db, ...sources.flatMap((s) => ["--source", s])]);
  assert.equal(r.code, 0, r.stderr);
  amazonOnly = join(work, "amazon.db");
  const a = await runCli(["db", "build", "--output", amazonOnly, "--source", `amazon=${join(amazonFeeds, "updateinfo")}`]);
  assert.equal(a.code, 0, a.stderr);
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Scan {
  report: ScanReport;
  outputs: Map<string, string>;
  image: string;
  dir: string;
}

/** One scan of the image, every report format written at once (`--format FMT=FILE`). */
async function scanImage(name: string, files: Record<string, string>, rpms: readonly BuiltRpm[]): Promise<Scan> {
  const dir = join(work, name);
  mkdirSync(dir);
  const image = await buildRpmImage(dir, { files, rpms });
  const out = (f: string) => join(dir, `report.${f}`);
  const r = await runCli(["image", image, "--db", db, "--cache-dir", join(dir, "cache"), ...reportFormats.flatMap((f) => ["--format", `${f}=${out(f)}`])]);
  assert.equal(r.code, 0, r.stderr);
  const outputs = new Map(reportFormats.map((f) => [f, readFileSync(out(f), "utf8")]));
  return { report: JSON.parse(outputs.get("json")!) as ScanReport, outputs, image, dir };
}

const findingsOf = (s: Scan, pkg: string): VulnerabilityFinding[] =>
  allFindings(s.report).filter((f) => f.package.type === "rpm" && f.package.name === pkg).sort((a, b) => a.id.localeCompare(b.id));

function inEveryFormat(s: () => Scan, ids: () => string[]): void {
  it("every report format for OS findings carries them", () => {
    const want = ids();
    assert.ok(want.length > 0);
    for (const [format, text] of s().outputs) {
      if (!(osFindingFormats as readonly string[]).includes(format)) continue;
      for (const id of want) assert.ok(text.includes(id), `${format} lacks ${id}`);
    }
  });
}

describe("Amazon Linux 2 image (ALAS)", () => {
  const alas = (file: string) => JSON.parse(readFileSync(join(amazonFeeds, "vuln-list/2", file), "utf8")) as {
    cveids: string[]; severity: string; packages: { name: string; epoch: string; version: string; release: string }[];
  };
  const vendor = "Amazon Linux";
  // kernel: below ALAS2-2018-939 (updateinfo XML); squid (epoch 7): one build below ALAS2-2024-2500 (vuln-list JSON);
  // squid-sysvinit 7:3.5.21: above the fix only thanks to its epoch being compared.
  const kernel: BuiltRpm = { name: "kernel", version: "4.9.75", release: "25.55.amzn2", vendor };
  const squid: BuiltRpm = { name: "squid", epoch: 7, version: "3.5.20", release: "17.amzn2.7.18", vendor };
  const sysvinit: BuiltRpm = { name: "squid-sysvinit", epoch: 7, version: "3.5.21", release: "1.amzn2", vendor };
  let s: Scan;
  before(async () => {
    s = await scanImage("amazon2", { "/etc/os-release": OS_RELEASE.amazon2, "/etc/system-release": "Amazon Linux release 2 (Karoo)\n" }, [kernel, squid, sysvinit]);
  });

  it("detects Amazon Linux 2 and reads the rpms with their epochs", () => {
    assert.equal(s.report.artifact.os?.family, "amazon");
    assert.equal(s.report.artifact.os?.name, "2");
    assert.deepEqual(s.report.coverage?.filter((c) => c.kind === "os").map((c) => [c.namespaces, c.checked]), [[["amazon:2"], true]]);
  });

  for (const [pkg, file] of [[kernel, "ALAS2-2018-939.json"], [squid, "ALAS2-2024-2500.json"]] as const) {
    it(`${pkg.name} ${rpmEvr(pkg)}: the advisory's CVEs, fixed at its build, with Amazon's severity`, () => {
      const a = alas(file);
      const p = a.packages.find((x) => x.name === pkg.name)!;
      const fixed = `${p.epoch === "0" ? "" : `${p.epoch}:`}${p.version}-${p.release}`;
      assert.deepEqual(below(`${pkg.epoch ?? 0}:${pkg.version}-${pkg.release}`, [`${p.epoch}:${p.version}-${p.release}`]), [true]);
      const found = findingsOf(s, pkg.name);
      assert.deepEqual(found.map((f) => f.id), [...a.cveids].sort());
      for (const f of found) {
        assert.equal(f.status, "fixed");
        assert.deepEqual(f.fixedVersions.map((v) => v.replace(/^0:/, "")), [fixed]);
        assert.equal(f.vendorSeverity?.amazon, a.severity.toLowerCase());
        assert.equal(f.severitySource, "amazon");
        assert.equal(f.severity, a.severity.toLowerCase() === "critical" ? "CRITICAL" : "HIGH");
      }
    });
  }

  it("squid-sysvinit 7:3.5.21 (above the fix 7:3.5.20-…) gets none", () => {
    assert.ok(alas("ALAS2-2024-2500.json").packages.some((p) => p.name === "squid-sysvinit"));
    assert.deepEqual(findingsOf(s, "squid-sysvinit").map((f) => f.id), []);
  });

  inEveryFormat(() => s, () => alas("ALAS2-2018-939.json").cveids);
});

describe("Oracle Linux 8 image (ELSA OVAL)", () => {
  const vendor = "Oracle America";
  const httpdLabel = "httpd:2.4:8100020240501:abcdef01";
  // httpd of the httpd:2.4 module stream below ELSA-2024-4197; openssl, a Ksplice build below ELSA-2021-9151;
  // openssl-libs, an ordinary build that the Ksplice fix (epoch 2) must not touch; osbuild below ELSA-2024-2961.
  const httpd: BuiltRpm = { name: "httpd", version: "2.4.37", release: "64.0.1.module+el8.10.0+90300+abcdef01", vendor, modularityLabel: httpdLabel };
  const kspliceSsl: BuiltRpm = { name: "openssl", epoch: 2, version: "1.1.1g", release: "14.ksplice1.el8_3", vendor };
  const ordinarySsl: BuiltRpm = { name: "openssl-libs", epoch: 1, version: "1.1.1k", release: "12.el8_9", vendor };
  const osbuild: BuiltRpm = { name: "osbuild", version: "109", release: "1.el8", vendor };
  const rpms = [httpd, kspliceSsl, ordinarySsl, osbuild];
  let s: Scan;
  const xml = (f: string) => readFileSync(join(oracleFeeds, "oval-fixtures", f), "utf8");
  /** The CVEs and `<pkg> is earlier than <EVR>` fixes of one definition, by regular expressions over its text. */
  function definition(text: string, elsa: string, pkg: string): { cves: string[]; fixes: string[]; severity: string } {
    const block = text.split("<definition ").find((b) => b.includes(`ref_id="${elsa}"`))!;
    const cves = [...new Set([...block.matchAll(/ref_id="(CVE-\d+-\d+)"/g)].map((m) => m[1]!))].sort();
    const fixes = [...new Set([...block.matchAll(new RegExp(`comment="${pkg} is earlier than ([^"]+)"`, "g"))].map((m) => m[1]!))];
    return { cves, fixes, severity: /<severity>([^<]+)<\/severity>/.exec(block)![1]!.toLowerCase() };
  }
  before(async () => {
    s = await scanImage("oracle8", { "/etc/os-release": OS_RELEASE.oracle8, "/etc/oracle-release": "Oracle Linux Server release 8.10\n" }, rpms);
  });

  it("detects Oracle Linux 8", () => {
    assert.equal(s.report.artifact.os?.family, "oracle");
    assert.deepEqual(s.report.coverage?.filter((c) => c.kind === "os").map((c) => c.namespaces), [["oracle:8"]]);
  });

  it("httpd of the httpd:2.4 stream gets ELSA-2024-4197's CVEs (vuln-list JSON), moderate", () => {
    const j = JSON.parse(readFileSync(join(oracleFeeds, "vuln-list/2024/ELSA-2024-4197.json"), "utf8")) as { Cves: { ID: string }[]; Severity: string };
    const found = findingsOf(s, "httpd");
    assert.deepEqual(found.map((f) => f.id), j.Cves.map((c) => c.ID).sort());
    for (const f of found) {
      assert.deepEqual(f.fixedVersions.map((v) => v.replace(/^0:/, "")), ["2.4.37-65.0.1.module+el8.10.0+90356+f7b9d583"]);
      assert.equal(f.vendorSeverity?.oracle, j.Severity.toLowerCase());
      assert.equal(f.severity, "MEDIUM");
    }
  });

  it("the Ksplice openssl build gets ELSA-2021-9151; the ordinary openssl-libs build, though below its EVR, does not", () => {
    const d = definition(xml("vunnel-mock_ksplice_data.xml"), "ELSA-2021-9151", "openssl-libs");
    assert.deepEqual(below(rpmEvr(ordinarySsl), d.fixes), [true], "by EVR alone the ordinary build would match");
    assert.deepEqual(findingsOf(s, "openssl-libs").map((f) => f.id), []);
    const found = findingsOf(s, "openssl");
    assert.deepEqual(found.map((f) => f.id), definition(xml("vunnel-mock_ksplice_data.xml"), "ELSA-2021-9151", "openssl").cves);
    for (const f of found) assert.equal(f.severity, "HIGH");
  });

  it("osbuild gets ELSA-2024-2961 with every rebuild's fixed version above it", () => {
    const d = definition(xml("vunnel-mock_per_arch_data.xml"), "ELSA-2024-2961", "osbuild");
    const found = findingsOf(s, "osbuild");
    assert.deepEqual(found.map((f) => f.id), d.cves);
    const above = d.fixes.filter((_, i) => below(rpmEvr(osbuild), d.fixes)[i]).map((v) => v.replace(/^0:/, "")).sort();
    for (const f of found) assert.deepEqual(f.fixedVersions.map((v) => v.replace(/^0:/, "")).sort(), above);
  });

  inEveryFormat(() => s, () => findingsOf(s, "openssl").map((f) => f.id));

  it("against a database without Oracle's feed, the image warns that it was not checked", async () => {
    const r = await runCli(["image", s.image, "--db", amazonOnly, "--cache-dir", join(s.dir, "cache"), "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as ScanReport;
    assert.deepEqual(report.coverage?.filter((c) => c.kind === "os").map((c) => [c.namespaces, c.checked, c.reason]), [[["oracle:8"], false, "the vulnerability database has no data for oracle:8"]]);
    assert.match(r.stderr, new RegExp(`^warning: not checked for vulnerabilities: ${rpms.length} packages of .*: the vulnerability database has no data for oracle:8$`, "m"));
    assert.deepEqual(allFindings(report), []);
  });
});

interface OvalDef { cve: string; pkg: string; evr: string; operation: string; patchable: string; severity: string }

/** Microsoft's OVAL by regular expressions: definition metadata, and its test's state through the ids. */
function ovalDefinitions(file: string): OvalDef[] {
  const text = readFileSync(join(azureFeeds, file), "utf8");
  const states = new Map([...text.matchAll(/<linux-def:rpminfo_state id="([^"]+)"[^>]*>\s*<linux-def:evr datatype="evr_string" operation="([^"]+)">([^<]+)</g)]
    .map((m) => [m[1]!, { operation: m[2]!, evr: m[3]! }]));
  return [...text.matchAll(/<definition [^>]*>([\s\S]*?)<\/definition>/g)].map((m) => {
    const b = m[1]!;
    const test = /test_ref="([^"]+):tst:(\d+)000"/.exec(b)!;
    const state = states.get(`${test[1]}:ste:${test[2]}002`)!;
    return {
      cve: /ref_id="([^"]+)"/.exec(b)![1]!, pkg: /affecting package (\S+)/.exec(b)![1]!, ...state,
      patchable: /<patchable>([^<]*)<\/patchable>/.exec(b)?.[1] ?? "", severity: /<severity>([^<]+)</.exec(b)![1]!,
    };
  });
}

/** What the OVAL says about one installed build: the affecting definitions (rpm.vercmp decides). */
function affecting(defs: readonly OvalDef[], pkg: string, installed: string): OvalDef[] {
  const mine = defs.filter((d) => d.pkg === pkg && d.patchable !== "Not Applicable");
  const cmp = rpmCompare(mine.map((d) => [installed, d.evr]));
  return mine.filter((d, i) => (d.operation === "less than" ? cmp[i]! < 0 : cmp[i]! <= 0));
}

for (const c of [
  { title: "Azure Linux 3.0", key: "azurelinux3", file: "azurelinux-3.0-oval.xml", family: "azurelinux", ns: "azurelinux:3.0", pkg: "curl", version: "8.5.0", release: "1.azl3" },
  { title: "CBL-Mariner 2.0", key: "mariner2", file: "cbl-mariner-2.0-oval.xml", family: "cbl-mariner", ns: "mariner:2.0", pkg: "qt5-qtbase", version: "5.12.11", release: "10.cm2" },
] as const) {
  describe(`${c.title} image (Microsoft OVAL)`, () => {
    const rpm: BuiltRpm = { name: c.pkg, version: c.version, release: c.release, vendor: "Microsoft Corporation" };
    let s: Scan;
    let want: OvalDef[];
    before(async () => {
      s = await scanImage(c.key, { "/etc/os-release": OS_RELEASE[c.key] }, [rpm]);
      want = affecting(ovalDefinitions(c.file), c.pkg, `0:${c.version}-${c.release}`);
    });

    it(`detects ${c.title}`, () => {
      assert.equal(s.report.artifact.os?.family, c.family);
      assert.equal(s.report.coverage?.filter((x) => x.kind === "os")[0]?.namespaces[0], c.ns);
    });

    it(`${c.pkg} ${rpmEvr(rpm)} gets exactly the affecting definitions, with Microsoft's severity and status`, () => {
      assert.ok(want.length > 0);
      const found = findingsOf(s, c.pkg);
      assert.deepEqual(found.map((f) => f.id), [...new Set(want.map((d) => d.cve))].sort());
      for (const f of found) {
        const d = want.filter((x) => x.cve === f.id);
        const fixes = d.filter((x) => x.operation === "less than").map((x) => x.evr.replace(/^0:/, ""));
        assert.equal(f.status, fixes.length ? "fixed" : "affected", f.id);
        assert.deepEqual(f.fixedVersions.map((v) => v.replace(/^0:/, "")).sort(), [...new Set(fixes)].sort(), f.id);
        assert.equal(f.vendorSeverity?.mariner, d[0]!.severity.toLowerCase());
        assert.equal(f.severity, d[0]!.severity.toUpperCase());
      }
    });

    inEveryFormat(() => s, () => [...new Set(want.map((d) => d.cve))]);
  });
}
