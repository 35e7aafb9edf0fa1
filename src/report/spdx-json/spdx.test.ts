import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listedReport } from "../../../test/helpers/listed-report.js";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { render, schemaErrors, schemaValidator } from "../testing.js";
import { spdxJsonReporter } from "./index.js";

interface Ref { referenceCategory: string; referenceType: string; referenceLocator: string }
interface Pkg { SPDXID: string; name: string; externalRefs?: Ref[]; annotations?: { comment: string }[]; licenseDeclared?: string }
interface Doc { packages: Pkg[]; relationships: { spdxElementId: string; relatedSpdxElement: string }[] }

const validate = schemaValidator("spdx");
const load = async (r = sampleReport(), showSuppressed?: boolean) => JSON.parse(await render(spdxJsonReporter, r, { showSuppressed })) as Doc;

describe("spdx-json report", () => {
  it("validates against the SPDX 2.3 schema (sample, empty, hostile)", async () => {
    for (const r of [sampleReport(), emptyReport(), hostileReport(), minimalReport()]) assert.deepEqual(schemaErrors(validate, await load(r)), []);
    const broken = await load();
    broken.packages[2]!.externalRefs![0]!.referenceCategory = "SECURITY-ISH";
    assert.notDeepEqual(schemaErrors(validate, broken), [], "the validator can fail");
  });

  it("gives packages purls and vulnerabilities as SECURITY advisory refs and annotations", async () => {
    const doc = await load();
    const idn = doc.packages.find((p) => p.name === "libidn2-0")!;
    assert.deepEqual(idn.externalRefs?.map((r) => `${r.referenceCategory}/${r.referenceType}/${r.referenceLocator}`), [
      "PACKAGE-MANAGER/purl/pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.2",
      "SECURITY/advisory/https://nvd.nist.gov/vuln/detail/CVE-2019-18224",
    ]);
    assert.match(idn.annotations![0]!.comment, /^CVE-2019-18224 CRITICAL; libidn2-0 2\.0\.5-1 fixed in 2\.0\.5-1\+deb10u1/);
    assert.equal(idn.licenseDeclared, "LGPL-3.0-or-later");
    for (const p of doc.packages.slice(1)) assert.ok(doc.relationships.some((r) => r.relatedSpdxElement === p.SPDXID), p.name);
  });

  it("marks suppressed findings, or leaves them out when showSuppressed is false", async () => {
    const shown = (await load()).packages.find((p) => p.name === "Werkzeug")!;
    assert.ok(shown.annotations!.some((a) => a.comment.includes("CVE-2020-28724") && a.comment.includes("suppressed by vex")));
    const hidden = (await load(sampleReport(), false)).packages.find((p) => p.name === "Werkzeug")!;
    assert.ok(!JSON.stringify(hidden).includes("CVE-2020-28724"));
  });

  it("carries licence findings as licenseDeclared and leaves misconfigurations and secrets out", async () => {
    const text = await render(spdxJsonReporter, sampleReport());
    const doc = JSON.parse(text) as Doc;
    assert.equal(doc.packages.find((p) => p.name === "activesupport")!.licenseDeclared, "MIT");
    for (const s of ["DS001", "DS002", "aws-access-key-id", "aws_key_id", "fluent.conf", "Dockerfile"]) assert.ok(!text.includes(s), s);
  });

  describe("with a package listing (the whole image)", () => {
    it("validates, and has one package per listed package plus the image and the OS, findings or not", async () => {
      const report = listedReport();
      const doc = await load(report);
      assert.deepEqual(schemaErrors(validate, doc), []);
      const listed = report.targets.flatMap((t) => t.packages ?? []);
      assert.equal(doc.packages.length, listed.length + 2);
      const ids = doc.packages.map((p) => p.SPDXID);
      assert.equal(new Set(ids).size, ids.length, "SPDX ids are unique");
      const purl = (p: Pkg) => p.externalRefs?.find((r) => r.referenceType === "purl")?.referenceLocator;
      assert.deepEqual(doc.packages.map(purl).filter(Boolean).sort(), listed.map((p) => p.purl).sort());
      const memchr = doc.packages.find((p) => purl(p) === "pkg:cargo/memchr@1.0.2")!;
      assert.equal(memchr.annotations, undefined);
      assert.ok(!memchr.externalRefs!.some((r) => r.referenceCategory === "SECURITY"));
    });
    it("puts each finding on its own package (same purl at two paths) and OS packages under the OS", async () => {
      const doc = await load(listedReport());
      const jquery = doc.packages.filter((p) => p.name === "jquery");
      assert.equal(jquery.length, 2);
      for (const p of jquery) {
        assert.ok(p.externalRefs!.some((r) => r.referenceCategory === "SECURITY" && r.referenceLocator.includes("CVE-2019-11358")), p.SPDXID);
        assert.equal(p.annotations?.length, 1);
      }
      assert.equal(doc.packages.find((p) => p.name === "react")!.licenseDeclared, "MIT");
      const os = doc.packages.find((p) => (p as Pkg & { primaryPackagePurpose?: string }).primaryPackagePurpose === "OPERATING_SYSTEM")!;
      const idn = doc.packages.find((p) => p.name === "libidn2-0")!;
      assert.ok(doc.relationships.some((r) => r.spdxElementId === os.SPDXID && r.relatedSpdxElement === idn.SPDXID));
    });
  });
});
