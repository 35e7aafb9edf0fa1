/**
 * End to end on the real bookworm test image and the fixture feeds: CycloneDX and SPDX vulnerability reports
 * describe the whole image (every package `dredge sbom` lists, valid against the official schemas), the JSON
 * report lists every package only with --list-all-pkgs (flag, env or dredge.yaml), one run can write both,
 * and finding filters never remove packages.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport } from "../../src/model/finding.js";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

type Json = Record<string, unknown>;
interface Cdx { components: Json[]; vulnerabilities?: { id: string; affects: { ref: string }[]; analysis?: Json }[] }
interface Spdx { packages: { SPDXID: string; primaryPackagePurpose?: string; externalRefs?: { referenceType: string; referenceLocator: string }[]; annotations?: unknown[] }[] }

const img = testImages();
const exp = img.expected.bookworm;
let work: string;
let db: string;
let cacheDir: string;
let sbomCdx: Cdx;
let sbomSpdx: Spdx;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await runCli([...args, "--cache-dir", cacheDir], env);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}
const scan = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(["image", img.ociArchive, "--db", db, ...args], env);
const scanJson = async (...args: string[]) => JSON.parse(await scan(["--format", "json", ...args])) as ScanReport;

const sorted = (xs: unknown[]) => xs.map(String).sort();
const count = (xs: Json[], key: string) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [String(x[key])]: (acc[String(x[key])] ?? 0) + 1 }), {});
const spdxPurl = (p: Spdx["packages"][number]) => p.externalRefs?.find((r) => r.referenceType === "purl")?.referenceLocator;
const listed = (r: ScanReport) => r.targets.flatMap((t) => t.packages ?? []);

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-list-all-"));
  cacheDir = join(work, "cache");
  db = await buildFixtureDb(work);
  sbomCdx = JSON.parse(await cli(["sbom", img.ociArchive, "--format", "cyclonedx"])) as Cdx;
  sbomSpdx = JSON.parse(await cli(["sbom", img.ociArchive, "--format", "spdx-json"])) as Spdx;
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("vulnerability reports of the whole image (bookworm)", () => {
  it("cyclonedx: every component dredge sbom has, valid CycloneDX 1.6, vulnerabilities affecting components by bom-ref", async () => {
    const bom = JSON.parse(await scan(["--format", "cyclonedx"])) as Cdx;
    assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), bom), []);
    assert.deepEqual(count(bom.components, "type"), count(sbomCdx.components, "type"));
    assert.ok(sbomCdx.components.length > exp.dpkg.length, "the sbom has the dpkg packages and more");
    assert.deepEqual(sorted(bom.components.map((c) => c["bom-ref"])), sorted(sbomCdx.components.map((c) => c["bom-ref"])));
    assert.equal(bom.components.filter((c) => String(c.purl).startsWith("pkg:deb/")).length, exp.dpkg.length);
    const findings = (await scanJson()).targets.flatMap((t) => t.vulnerabilities);
    assert.ok(findings.length > 0, "the fixture feeds give findings");
    assert.deepEqual(sorted([...new Set(bom.vulnerabilities!.map((v) => v.id))]), sorted([...new Set(findings.map((f) => f.id))]));
    const refs = new Set(bom.components.map((c) => c["bom-ref"]));
    for (const v of bom.vulnerabilities!) for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} affects ${a.ref}`);
  });

  it("spdx-json: every package dredge sbom has, valid SPDX 2.3, findings on their packages", async () => {
    const doc = JSON.parse(await scan(["--format", "spdx-json"])) as Spdx;
    assert.deepEqual(schemaErrors(schemaValidator("spdx"), doc), []);
    assert.equal(doc.packages.length, sbomSpdx.packages.length);
    const libraries = (d: Spdx) => sorted(d.packages.filter((p) => p.primaryPackagePurpose === "LIBRARY").map(spdxPurl));
    assert.deepEqual(libraries(doc), libraries(sbomSpdx));
    assert.equal(doc.packages.filter((p) => p.primaryPackagePurpose === "OPERATING_SYSTEM").length, 1);
    const requests = doc.packages.find((p) => spdxPurl(p) === "pkg:pypi/requests@2.25.1")!;
    assert.ok(requests.annotations?.length, "requests 2.25.1 carries its finding");
    assert.equal(doc.packages.filter((p) => p.annotations).length, new Set((await scanJson()).targets.flatMap((t) => t.vulnerabilities.map((v) => v.package.purl))).size);
  });

  it("json lists every package with --list-all-pkgs (flag, env, dredge.yaml), only affected ones without", async () => {
    const plain = await scanJson();
    assert.ok(plain.targets.length > 0);
    for (const t of plain.targets) {
      assert.equal(t.packages, undefined, t.target);
      assert.ok(t.vulnerabilities.length > 0, `${t.target} is there for its findings`);
    }
    const all = await scanJson("--list-all-pkgs");
    assert.deepEqual(schemaErrors(schemaValidator("dredge"), all), []);
    const libraries = sbomCdx.components.filter((c) => c.type === "library").map((c) => c.purl);
    assert.deepEqual(sorted(listed(all).map((p) => p.purl)), sorted(libraries));
    const os = all.targets.find((t) => t.class === "os-pkgs")!;
    assert.equal(os.vulnerabilities.length, 0, "no Debian feed: a clean OS target, listed for its packages");
    assert.deepEqual(sorted(os.packages!.map((p) => `${p.name}@${p.version}`)), sorted(exp.dpkg.map((p) => `${p.name}@${p.version}`)));
    const bash = os.packages!.find((p) => p.name === "bash")!;
    assert.equal(bash.source?.name, exp.dpkg.find((p) => p.name === "bash")!.source);
    assert.ok(bash.layer?.diffId && bash.path && bash.licenses?.length && bash.arch, JSON.stringify(bash));
    const viaEnv = JSON.parse(await scan(["--format", "json"], { DREDGE_LIST_ALL_PKGS: "true" })) as ScanReport;
    assert.equal(listed(viaEnv).length, libraries.length);
    const config = join(work, "dredge.yaml");
    writeFileSync(config, "list-all-pkgs: true\n");
    assert.equal(listed(await scanJson("--config", config)).length, libraries.length);
  });

  it("--format cyclonedx=FILE --format json: the file has the whole image, the json is the json of a json-only run", async () => {
    const file = join(work, "both.cdx.json");
    const json = JSON.parse(await scan(["--format", `cyclonedx=${file}`, "--format", "json"])) as ScanReport;
    const alone = await scanJson();
    assert.deepEqual(json.targets, alone.targets);
    assert.deepEqual(json.remediation, alone.remediation);
    const bom = JSON.parse(readFileSync(file, "utf8")) as Cdx;
    assert.equal(bom.components.length, sbomCdx.components.length);
    assert.ok(bom.vulnerabilities!.length > 0);
  });

  it("filters (severity, ignore-unfixed, ignore file, VEX) drop or mark findings, never packages", async () => {
    const none = JSON.parse(await scan(["--format", "cyclonedx", "--severity", "CRITICAL", "--ignore-unfixed"])) as Cdx;
    assert.equal(none.vulnerabilities!.length, 0);
    assert.equal(none.components.length, sbomCdx.components.length);
    const noneJson = await scanJson("--list-all-pkgs", "--severity", "CRITICAL");
    assert.equal(noneJson.targets.flatMap((t) => t.vulnerabilities).length, 0);
    assert.equal(listed(noneJson).length, sbomCdx.components.length - 1);
    const ignore = join(work, "ignore");
    writeFileSync(ignore, "CVE-2021-23337\n");
    const vex = join(import.meta.dirname, "../../src/policy/vex/testdata/requests.openvex.json");
    const marked = JSON.parse(await scan(["--format", "cyclonedx", "--ignorefile", ignore, "--vex", vex])) as Cdx;
    assert.equal(marked.components.length, sbomCdx.components.length);
    const analysed = marked.vulnerabilities!.filter((v) => v.analysis).map((v) => v.id).sort();
    assert.deepEqual(analysed, ["CVE-2021-23337", "CVE-2023-32681"]);
    const lib = await scanJson("--list-all-pkgs", "--pkg-types", "library");
    assert.ok(!lib.targets.some((t) => t.class === "os-pkgs"), "--pkg-types chooses what is scanned, and listed");
  });
});
