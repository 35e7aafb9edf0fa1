import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { listedReport } from "../../test/helpers/listed-report.js";
import { minimalReport, sampleReport } from "../../test/helpers/sample-report.js";
import type { ScanReport } from "../model/finding.js";
import { combinedReport, imageLabels, reportLabels, setName, writeMulti } from "./multi.js";
import { reporterFor, reporters } from "./registry.js";
import { render, schemaErrors, schemaValidator, xmlProblem } from "./testing.js";
import type { Reporter, ReportOptions } from "./types.js";

type Json = Record<string, unknown>;

const now = new Date("2021-08-25T12:20:30Z");
const onPlatform = (r: ScanReport, architecture: string): ScanReport => ({ ...r, artifact: { ...r.artifact, platform: { os: "linux", architecture } } });
/** The sample image on two platforms (the same packages and findings on each), and a directory scan: three reports. */
const multi = () => ({ reports: [onPlatform(sampleReport(), "amd64"), onPlatform(sampleReport(), "arm64"), minimalReport()] });
const image = "ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles";
const labels = [`${image} (linux/amd64)`, `${image} (linux/arm64)`, "./project"];

async function renderMany(reporter: Reporter, reports: readonly ScanReport[], options: Partial<ReportOptions> = {}): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(Buffer.from(chunk)); cb(); } });
  await writeMulti(reporter, { reports }, out, { color: false, now, ...options });
  return Buffer.concat(chunks).toString("utf8");
}

/** Random ids (CycloneDX serial, SPDX namespace) aside. */
const stable = (s: string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "UUID");

describe("labels of several images", () => {
  it("name the image and its platform; a label two images would share is numbered", () => {
    assert.deepEqual(reportLabels(multi().reports), labels);
    assert.deepEqual(imageLabels([{ name: "a" }, { name: "a" }, { name: "b", platform: { os: "linux", architecture: "arm", variant: "v7" } }, { name: "a" }]),
      ["a", "a #2", "b (linux/arm/v7)", "a #3"]);
    assert.equal(setName(multi().reports.slice(0, 2).map((r) => r.artifact)), image);
    assert.equal(setName(multi().reports.map((r) => r.artifact)), "3 images");
  });

  it("combinedReport: every image's targets, warnings and inventory gaps, each under its label", () => {
    const m = multi();
    const gap = { kind: "layer-budget" as const, paths: ["/var/lib/dpkg/status"], files: 1, limit: 1, message: "status skipped" };
    m.reports[1] = { ...m.reports[1]!, inventoryIncomplete: true, incompleteReasons: [gap] };
    const c = combinedReport(m);
    assert.equal(c.targets.length, m.reports.reduce((n, r) => n + r.targets.length, 0));
    assert.ok(c.targets.every((t) => labels.some((l) => t.target.startsWith(`${l}: `))));
    assert.deepEqual(c.warnings, ["./project: no package files found in ./project"]);
    assert.deepEqual(c.incompleteReasons?.map((g) => g.message), [`${labels[1]}: status skipped`]);
    assert.equal(c.artifact.name, "3 images");
  });
});

describe("writeMulti", () => {
  for (const r of reporters) {
    it(`${r.format}: one report is written exactly as write() writes it`, async () => {
      assert.equal(stable(await renderMany(r, [sampleReport()])), stable(await render(r, sampleReport(), { now })));
    });
  }

  for (const r of reporters) {
    it(`${r.format}: several reports are one output naming every image`, async () => {
      const out = await renderMany(r, multi().reports);
      if (r.mediaType.startsWith("text/plain") || r.format === "markdown") {
        for (const [i, label] of labels.entries()) assert.ok(out.includes(`Image ${i + 1} of 3: ${label}`), `${r.format}: ${label}`);
      }
      // GitLab locates a finding by image and package (container scanning) or by file (dependency scanning,
      // secret detection): no place for the label; json keeps name and platform apart (below)
      if (r.format.startsWith("gitlab") || r.format === "json") return;
      for (const label of labels.slice(0, 2)) {
        const platform = label.slice(label.lastIndexOf("(") + 1, -1);
        assert.ok(out.includes(label) || out.includes(`dredge:platform=${platform}`) || out.includes(`"value": "${platform}"`), `${r.format} names ${label}`);
      }
    });
  }

  it("table: a section per image, the single-image output under each heading", async () => {
    const table = reporterFor("table");
    const out = await renderMany(table, multi().reports);
    const single = await render(table, sampleReport(), { now });
    assert.equal(out.split(single).length - 1, 2, "the sample's table twice, unchanged");
    assert.ok(out.startsWith(`Image 1 of 3: ${labels[0]}\n${"#".repeat(`Image 1 of 3: ${labels[0]}`.length)}\n\nImage: `));
  });

  it("json: { schemaVersion, reports } valid against reports-v1.schema.json", async () => {
    const doc = JSON.parse(await renderMany(reporterFor("json"), multi().reports)) as { reports: ScanReport[] };
    assert.deepEqual(schemaErrors(schemaValidator("dredge-reports"), doc), []);
    assert.deepEqual(doc.reports.map((r) => r.artifact.platform?.architecture), ["amd64", "arm64", undefined]);
    const one = JSON.parse(await render(reporterFor("json"), sampleReport())) as Json;
    assert.notDeepEqual(schemaErrors(schemaValidator("dredge-reports"), one), [], "a single report is not a set");
  });

  it("sarif: one run per image, valid, each with a category of its own", async () => {
    const log = JSON.parse(await renderMany(reporterFor("sarif"), multi().reports)) as { runs: { automationDetails: { id: string }; results: unknown[]; properties: Json }[] };
    assert.deepEqual(schemaErrors(schemaValidator("sarif"), log), []);
    assert.deepEqual(log.runs.map((r) => r.automationDetails.id), labels.map((l) => `dredge/${l}/`));
    assert.deepEqual(log.runs.map((r) => r.properties.platform), ["linux/amd64", "linux/arm64", undefined]);
    assert.equal(log.runs[0]!.results.length, log.runs[1]!.results.length);
  });

  it("cyclonedx: one valid BOM; the same package in two images is two components, one advisory affects both", async () => {
    const reports = [onPlatform(listedReport(), "amd64"), onPlatform(listedReport(), "arm64")];
    const bom = JSON.parse(await renderMany(reporterFor("cyclonedx"), reports)) as {
      components: { "bom-ref": string; purl?: string; type: string }[]; dependencies: { ref: string; dependsOn: string[] }[];
      vulnerabilities: { id: string; affects: { ref: string }[] }[];
    };
    assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), bom), []);
    const refs = bom.components.map((c) => c["bom-ref"]);
    assert.equal(new Set(refs).size, refs.length);
    assert.equal(bom.components.filter((c) => c.purl === "pkg:cargo/memchr@1.0.2").length, 2);
    const single = JSON.parse(await render(reporterFor("cyclonedx"), reports[0]!)) as typeof bom;
    assert.deepEqual(bom.vulnerabilities.map((v) => v.id), single.vulnerabilities.map((v) => v.id), "one entry per advisory");
    for (const v of bom.vulnerabilities) {
      const affected = single.vulnerabilities.find((s) => s.id === v.id)!.affects.length;
      assert.equal(v.affects.length, 2 * affected, v.id);
      for (const a of v.affects) assert.ok(refs.includes(a.ref), a.ref);
    }
    for (const d of bom.dependencies) for (const r of d.dependsOn) assert.ok(refs.includes(r), r);
  });

  it("spdx-json: one valid document describing each image, every id unique", async () => {
    const doc = JSON.parse(await renderMany(reporterFor("spdx-json"), multi().reports)) as {
      documentDescribes: string[]; packages: { SPDXID: string; comment?: string }[]; relationships: { spdxElementId: string; relatedSpdxElement: string }[];
    };
    assert.deepEqual(schemaErrors(schemaValidator("spdx"), doc), []);
    assert.equal(doc.documentDescribes.length, 3);
    const ids = new Set(doc.packages.map((p) => p.SPDXID));
    assert.equal(ids.size, doc.packages.length);
    for (const r of doc.relationships) assert.ok(r.spdxElementId === "SPDXRef-DOCUMENT" || ids.has(r.spdxElementId), r.spdxElementId);
    assert.deepEqual(doc.packages.filter((p) => doc.documentDescribes.includes(p.SPDXID)).map((p) => p.comment),
      ["dredge:platform=linux/amd64", "dredge:platform=linux/arm64", undefined]);
  });

  it("junit: one well-formed document; an image without findings still has its (passing) suite", async () => {
    const xml = await renderMany(reporterFor("junit"), multi().reports);
    assert.equal(xmlProblem(xml), undefined);
    const suites = sampleReport().targets.length;
    assert.equal((xml.match(/<testsuite /g) ?? []).length, 2 * suites + 1);
    assert.match(xml, /<testsuite name="\.\/project" tests="1" failures="0"[^>]*>\n {4}<testcase classname="\.\/project" name="no findings"/);
    assert.ok(xml.includes(`<testcase classname="${labels[1]}: debian 10.2 (os)" name="[CRITICAL] libidn2-0@2.0.5-1: CVE-2019-18224"`));
  });

  it("gitlab: one report with every image's findings, each id unique", async () => {
    const doc = JSON.parse(await renderMany(reporterFor("gitlab"), multi().reports)) as { vulnerabilities: { id: string }[] };
    const one = JSON.parse(await render(reporterFor("gitlab"), sampleReport())) as typeof doc;
    assert.equal(doc.vulnerabilities.length, 2 * one.vulnerabilities.length);
    assert.equal(new Set(doc.vulnerabilities.map((v) => v.id)).size, doc.vulnerabilities.length);
  });

  it("html: one page, each image's metadata under its label, one table of every finding", async () => {
    const html = await renderMany(reporterFor("html"), multi().reports);
    assert.equal((html.match(/<html/g) ?? []).length, 1);
    assert.equal((html.match(/<table id="findings">/g) ?? []).length, 1);
    for (const label of labels) assert.ok(html.includes(`<h2>${label}</h2><dl>`), label);
    const single = await render(reporterFor("html"), sampleReport());
    assert.equal((html.match(/<tr data-rank/g) ?? []).length, 2 * (single.match(/<tr data-rank/g) ?? []).length);
  });

  it("github: a log group per image, its annotations naming the image and platform", async () => {
    const out = await renderMany(reporterFor("github"), multi().reports);
    assert.equal((out.match(/^::group::/gm) ?? []).length, 3);
    assert.equal((out.match(/^::endgroup::$/gm) ?? []).length, 3);
    assert.ok(out.includes(`Target: debian 10.2 (os) in ${labels[1]}`));
  });

  it("every format that writes one document (not text/plain, not markdown) has its own writeMany", () => {
    const sectioned = reporters.filter((r) => !r.writeMany).map((r) => r.format);
    assert.deepEqual(sectioned, ["table"]);
  });
});
