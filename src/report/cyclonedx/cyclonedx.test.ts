import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LEGACY_LOCK, listedReport } from "../../../test/helpers/listed-report.js";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { render, schemaErrors, schemaValidator } from "../testing.js";
import { cyclonedxReporter } from "./index.js";

type Json = Record<string, unknown>;
interface Vuln { id: string; ratings: Json[]; cwes?: number[]; references?: { id: string; source: Json }[]; recommendation?: string;
  affects: { ref: string }[]; analysis?: Json; advisories?: { url: string }[] }
interface Bom { components: Json[]; vulnerabilities: Vuln[]; metadata: { component: Json }; dependencies: { ref: string; dependsOn: string[] }[] }

const validate = schemaValidator("cyclonedx");
const load = async (r = sampleReport()) => JSON.parse(await render(cyclonedxReporter, r)) as Bom;

describe("cyclonedx report", () => {
  it("validates against the CycloneDX 1.6 schema (sample, empty, hostile)", async () => {
    for (const r of [sampleReport(), emptyReport(), hostileReport(), minimalReport()]) assert.deepEqual(schemaErrors(validate, await load(r)), []);
    const broken = await load();
    (broken.vulnerabilities[0]!.ratings[0] as Json).method = "CVSSv9";
    assert.notDeepEqual(schemaErrors(validate, broken), [], "the validator can fail");
  });

  it("lists vulnerabilities with ratings, cwes, aliases and a recommendation, affecting components by purl", async () => {
    const bom = await load();
    const refs = new Set(bom.components.map((c) => c["bom-ref"]));
    assert.ok(refs.has("pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.2"));
    for (const v of bom.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} affects ${a.ref}`);
    const idn = bom.vulnerabilities.find((v) => v.id === "CVE-2019-18224")!;
    assert.deepEqual(idn.cwes, [787]);
    assert.deepEqual(idn.references?.map((r) => r.id), ["DSA-4613-1"]);
    assert.equal(idn.recommendation, "Upgrade libidn2-0 to 2.0.5-1+deb10u1");
    const v31 = idn.ratings.find((r) => r.method === "CVSSv31");
    assert.deepEqual(v31, { source: { name: "nvd" }, score: 9.8, severity: "critical", method: "CVSSv31", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" });
    assert.ok(idn.ratings.some((r) => r.method === "CVSSv2" && r.score === 7.5));
    assert.ok(idn.ratings.some((r) => r.method === "CVSSv3" && (r.source as Json).name === "redhat"));
    assert.ok((idn.advisories ?? []).length >= 10);
  });

  it("marks the suppressed finding not_affected with a CycloneDX justification", async () => {
    const bom = await load();
    const analysed = bom.vulnerabilities.filter((v) => v.analysis);
    assert.deepEqual(analysed.map((v) => v.id), ["CVE-2020-28724"]);
    assert.equal(analysed[0]!.analysis!.state, "not_affected");
    assert.equal(analysed[0]!.analysis!.justification, "code_not_reachable");
  });

  it("describes the image as the metadata component, with an oci purl", async () => {
    const bom = await load();
    assert.equal(bom.metadata.component.type, "container");
    assert.match(String(bom.metadata.component.purl), /^pkg:oci\/trivy-test-images@sha256:5a99.*arch=amd64/);
    assert.equal(bom.dependencies[0]!.ref, bom.metadata.component["bom-ref"]);
  });

  it("carries licence findings as component licences and leaves misconfigurations and secrets out", async () => {
    const text = await render(cyclonedxReporter, sampleReport());
    const bom = JSON.parse(text) as Bom;
    const byName = (n: string) => bom.components.find((c) => c.name === n)!;
    assert.deepEqual(byName("libidn2-0").licenses, [{ license: { id: "LGPL-3.0-or-later" } }]);
    assert.deepEqual(byName("activesupport").licenses, [{ license: { id: "MIT" } }]);
    for (const s of ["DS001", "DS002", "aws-access-key-id", "aws_key_id", "fluent.conf", "Dockerfile"]) assert.ok(!text.includes(s), s);
  });

  describe("with a package listing (the whole image)", () => {
    it("validates, and has one component per listed package plus the OS, findings or not", async () => {
      const report = listedReport();
      const bom = await load(report);
      assert.deepEqual(schemaErrors(validate, bom), []);
      const listed = report.targets.flatMap((t) => t.packages ?? []);
      assert.equal(bom.components.length, listed.length + 1);
      assert.equal(bom.components.filter((c) => c.type === "operating-system").length, 1);
      const purls = bom.components.map((c) => c.purl).filter(Boolean).sort();
      assert.deepEqual(purls, listed.map((p) => p.purl).sort());
      const refs = bom.components.map((c) => c["bom-ref"]);
      assert.equal(new Set(refs).size, refs.length, "bom-refs are unique");
      assert.ok(purls.includes("pkg:cargo/memchr@1.0.2") && !bom.vulnerabilities.some((v) => v.affects.some((a) => a.ref.startsWith("pkg:cargo/"))));
    });
    it("maps packages as dredge sbom does: licences, properties, dependencies", async () => {
      const bom = await load(listedReport());
      const byRef = (r: string) => bom.components.find((c) => c["bom-ref"] === r)!;
      assert.deepEqual(byRef("pkg:npm/react@16.8.6").licenses, [{ license: { id: "MIT" } }]);
      assert.ok((byRef("pkg:npm/react@16.8.6").properties as Json[]).some((p) => p.name === "dredge:package:path" && p.value === "/srv/app/package-lock.json"));
      const react = bom.dependencies.find((d) => d.ref === "pkg:npm/react@16.8.6")!;
      assert.deepEqual([...react.dependsOn].sort(), ["pkg:npm/loose-envify@1.4.0", "pkg:npm/object-assign@4.1.1", "pkg:npm/prop-types@15.7.2", "pkg:npm/scheduler@0.13.6"]);
      const os = bom.components.find((c) => c.type === "operating-system")!;
      const osDeps = bom.dependencies.find((d) => d.ref === os["bom-ref"])!.dependsOn;
      assert.ok(osDeps.includes("pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.2"));
      assert.ok(!osDeps.some((r) => r.startsWith("pkg:npm/")));
    });
    it("references each affected package by its bom-ref, telling same-purl packages apart by path", async () => {
      const bom = await load(listedReport());
      const refs = new Set(bom.components.map((c) => c["bom-ref"]));
      for (const v of bom.vulnerabilities) for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} affects ${a.ref}`);
      const jq = bom.vulnerabilities.find((v) => v.id === "CVE-2019-11358")!;
      assert.deepEqual(jq.affects.map((a) => a.ref), ["pkg:npm/jquery@3.3.9", "pkg:npm/jquery@3.3.9#1"]);
      const second = bom.components.find((c) => c["bom-ref"] === "pkg:npm/jquery@3.3.9#1")!;
      assert.ok((second.properties as Json[]).some((p) => p.name === "dredge:package:path" && p.value === LEGACY_LOCK));
    });
    it("keeps a component for a finding whose package the listing lacks", async () => {
      const report = listedReport();
      report.targets[0]!.packages = [];
      const bom = await load(report);
      assert.deepEqual(schemaErrors(validate, bom), []);
      const idn = "pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.2";
      assert.ok(bom.components.some((c) => c["bom-ref"] === idn));
      assert.ok(bom.dependencies[0]!.dependsOn.includes(idn));
    });
  });
});
