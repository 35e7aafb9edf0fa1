/**
 * End to end on the real two-platform index (bookworm amd64 + arm64) and the fixture feeds: with
 * `--platform all` every format carries both images (docs/reports.md, "Several images"), each valid against its
 * schema, each naming the image and its platform; the exit code counts the findings of every platform; and
 * `dredge sbom --platform all` writes one document holding both.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { PassThrough } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseScanOptions, reporterFor, scanTarget, silentLogger, writeMulti } from "../../src/index.js";
import type { ScanReport } from "../../src/model/finding.js";
import { schemaErrors, schemaValidator, xmlProblem } from "../../src/report/testing.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

type Json = Record<string, unknown>;
interface Prop { name: string; value: string }
interface Cdx {
  metadata: { component: { "bom-ref": string; name: string } };
  components: { "bom-ref": string; type: string; name: string; purl?: string; properties?: Prop[] }[];
  dependencies: { ref: string; dependsOn: string[] }[];
  vulnerabilities?: { id: string; affects: { ref: string }[] }[];
}
interface Spdx {
  documentDescribes: string[];
  packages: { SPDXID: string; name: string; primaryPackagePurpose?: string; comment?: string; externalRefs?: { referenceType: string; referenceLocator: string }[] }[];
  relationships: { spdxElementId: string; relatedSpdxElement: string; relationshipType: string }[];
}
interface Sarif { runs: { automationDetails?: { id: string }; properties: Json; results: { ruleId: string }[] }[] }

const img = testImages();
const platforms = ["linux/amd64", "linux/arm64"];
const amd64Debs = img.expected.bookworm.dpkg.length;
const arm64Debs = img.expected["bookworm-arm64"].dpkgCount;
let work: string;
let db: string;
let cacheDir: string;
const files: Record<string, string> = {};
let stdoutTable: string;
let code: number;

const formats = ["json", "sarif", "cyclonedx", "spdx-json", "junit", "gitlab", "markdown", "github", "html"] as const;
const read = (format: string) => readFileSync(files[format]!, "utf8");
const debs = (purls: (string | undefined)[], arch?: string) => purls.filter((p) => p?.startsWith("pkg:deb/") && (!arch || p.includes(`arch=${arch}`))).length;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-multi-"));
  cacheDir = join(work, "cache");
  db = await buildFixtureDb(work);
  const args = ["image", img.multiOciArchive, "--platform", "all", "--db", db, "--cache-dir", cacheDir, "--list-all-pkgs", "--exit-code", "3"];
  for (const f of formats) {
    files[f] = join(work, `report.${f}`);
    args.push("--format", `${f}=${files[f]}`);
  }
  const r = await runCli([...args, "--format", "table"]);
  stdoutTable = r.stdout;
  code = r.code;
  assert.ok(code === 0 || code === 3, r.stderr);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("--platform all: every format carries every platform", () => {
  it("json: both reports in one document (valid against reports-v1), each with its platform and packages", () => {
    const doc = JSON.parse(read("json")) as { schemaVersion: number; reports: ScanReport[] };
    assert.deepEqual(schemaErrors(schemaValidator("dredge-reports"), doc), []);
    assert.equal(doc.schemaVersion, 1);
    const byPlatform = new Map(doc.reports.map((r) => [`${r.artifact.platform?.os}/${r.artifact.platform?.architecture}`, r]));
    assert.deepEqual([...byPlatform.keys()].sort(), platforms);
    const listedDebs = (r: ScanReport) => r.targets.flatMap((t) => t.packages ?? []).filter((p) => p.type === "deb").length;
    assert.equal(listedDebs(byPlatform.get("linux/amd64")!), amd64Debs);
    assert.equal(listedDebs(byPlatform.get("linux/arm64")!), arm64Debs);
    for (const r of doc.reports) assert.deepEqual(schemaErrors(schemaValidator("dredge"), r), [], "each report is a report-v1 document");
  });

  it("the exit code counts the findings of every platform", () => {
    const doc = JSON.parse(read("json")) as { reports: ScanReport[] };
    const live = doc.reports.flatMap((r) => r.targets.flatMap((t) => t.vulnerabilities)).filter((v) => !v.suppressed);
    assert.ok(live.length > 0, "the fixture feeds give findings (lodash, requests on amd64)");
    assert.equal(code, 3);
  });

  it("sarif: one run per platform, valid SARIF 2.1.0, each with its own category and platform", () => {
    const log = JSON.parse(read("sarif")) as Sarif;
    assert.deepEqual(schemaErrors(schemaValidator("sarif"), log), []);
    assert.equal(log.runs.length, 2);
    assert.deepEqual(log.runs.map((r) => r.properties.platform).sort(), platforms);
    const ids = log.runs.map((r) => r.automationDetails?.id ?? "");
    assert.equal(new Set(ids).size, 2, "GitHub code scanning wants one run per category");
    for (const [i, id] of ids.entries()) assert.ok(id.endsWith("/") && id.includes(String(log.runs[i]!.properties.platform)), id);
    assert.ok(log.runs.some((r) => r.results.length > 0));
  });

  it("cyclonedx: one valid BOM, each image a container component depending on its own packages", () => {
    const bom = JSON.parse(read("cyclonedx")) as Cdx;
    assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), bom), []);
    assertCdxHoldsBoth(bom);
    const refs = new Set(bom.components.map((c) => c["bom-ref"]));
    assert.ok(bom.vulnerabilities?.length, "the findings are there");
    for (const v of bom.vulnerabilities!) for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} affects ${a.ref}`);
  });

  it("spdx-json: one valid document describing both images, unique SPDX ids", () => {
    const doc = JSON.parse(read("spdx-json")) as Spdx;
    assert.deepEqual(schemaErrors(schemaValidator("spdx"), doc), []);
    assertSpdxHoldsBoth(doc);
  });

  it("junit, gitlab, html: one well-formed document naming both platforms", () => {
    const junit = read("junit");
    assert.equal(xmlProblem(junit), undefined);
    for (const p of platforms) assert.match(junit, new RegExp(`<testsuite name="[^"]*\\(${p}\\)`));
    const gitlab = JSON.parse(read("gitlab")) as { vulnerabilities: { id: string }[] };
    assert.ok(gitlab.vulnerabilities.length > 0);
    assert.equal(new Set(gitlab.vulnerabilities.map((v) => v.id)).size, gitlab.vulnerabilities.length, "ids are unique");
    const html = read("html");
    assert.equal((html.match(/<html/g) ?? []).length, 1);
    for (const p of platforms) assert.ok(html.includes(p), p);
  });

  it("table (stdout), markdown, github: a section per image, headed by the image and its platform", () => {
    for (const [name, text] of [["table", stdoutTable], ["markdown", read("markdown")], ["github", read("github")]]) {
      for (const p of platforms) assert.match(text!, new RegExp(`bookworm-multi\\.oci-archive\\.tar \\(${p}\\)`), `${name} names ${p}`);
    }
    assert.equal((stdoutTable.match(/^Image: /gm) ?? []).length, 2, "one table report per image");
  });
});

describe("the library: scanTarget with platform all, written by writeMulti (README)", () => {
  it("gives the CLI's JSON document", async () => {
    const options = parseScanOptions({ db, skipDbUpdate: true, platform: "all", listAllPkgs: true, format: ["json"] });
    const hooks = { logger: silentLogger, cacheDir, tmpDir: mkdtempSync(join(work, "tmp-")) };
    const { reports } = await scanTarget(img.multiOciArchive, options, hooks);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeMulti(reporterFor("json"), { reports }, out, { color: false });
    const lib = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { reports: ScanReport[] };
    const cli = JSON.parse(read("json")) as { reports: ScanReport[] };
    const shape = (d: { reports: ScanReport[] }) => d.reports.map((r) => ({ artifact: r.artifact, targets: r.targets }));
    assert.deepEqual(shape(lib), shape(cli));
  });
});

describe("dredge sbom --platform all", () => {
  it("cyclonedx: one valid BOM holding both images", async () => {
    const r = await runCli(["sbom", img.multiOciArchive, "--platform", "all", "--cache-dir", cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    const bom = JSON.parse(r.stdout) as Cdx;
    assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), bom), []);
    assertCdxHoldsBoth(bom);
  });

  it("spdx-json: one valid document describing both images", async () => {
    const r = await runCli(["sbom", img.multiOciArchive, "--platform", "all", "--format", "spdx-json", "--cache-dir", cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Spdx;
    assert.deepEqual(schemaErrors(schemaValidator("spdx"), doc), []);
    assertSpdxHoldsBoth(doc);
  });
});

function assertCdxHoldsBoth(bom: Cdx): void {
  const refs = bom.components.map((c) => c["bom-ref"]);
  assert.equal(new Set(refs).size, refs.length, "bom-refs are unique");
  const images = bom.components.filter((c) => c.type === "container");
  const platformOf = (c: Cdx["components"][number]) => c.properties?.find((p) => p.name === "dredge:platform")?.value;
  assert.deepEqual(images.map(platformOf).sort(), platforms);
  const root = bom.metadata.component["bom-ref"];
  assert.deepEqual(bom.dependencies.find((d) => d.ref === root)?.dependsOn.sort(), images.map((c) => c["bom-ref"]).sort());
  assert.equal(debs(bom.components.map((c) => c.purl)), amd64Debs + arm64Debs);
  for (const image of images) {
    const reachable = new Set<string>();
    const walk = (ref: string) => {
      for (const d of bom.dependencies.find((x) => x.ref === ref)?.dependsOn ?? []) {
        if (reachable.has(d)) continue;
        reachable.add(d);
        walk(d);
      }
    };
    walk(image["bom-ref"]);
    const arch = platformOf(image)!.split("/")[1]!;
    const purls = bom.components.filter((c) => reachable.has(c["bom-ref"])).map((c) => c.purl);
    assert.equal(debs(purls), arch === "amd64" ? amd64Debs : arm64Debs, `${arch}: its packages`);
    assert.equal(debs(purls, arch === "amd64" ? "arm64" : "amd64"), 0, `${arch}: not the other platform's`);
  }
}

function assertSpdxHoldsBoth(doc: Spdx): void {
  const ids = doc.packages.map((p) => p.SPDXID);
  assert.equal(new Set(ids).size, ids.length, "SPDX ids are unique");
  assert.equal(doc.documentDescribes.length, 2);
  const images = doc.packages.filter((p) => doc.documentDescribes.includes(p.SPDXID));
  for (const p of platforms) assert.ok(images.some((i) => i.name.includes(p) || i.comment?.includes(p)), `an image package for ${p}`);
  const known = new Set([...ids, "SPDXRef-DOCUMENT"]);
  for (const r of doc.relationships) assert.ok(known.has(r.spdxElementId) && known.has(r.relatedSpdxElement), JSON.stringify(r));
  const purls = doc.packages.map((p) => p.externalRefs?.find((r) => r.referenceType === "purl")?.referenceLocator);
  assert.equal(debs(purls), amd64Debs + arm64Debs);
  assert.equal(debs(purls, "arm64") > 0 && debs(purls, "amd64") > 0, true);
}
