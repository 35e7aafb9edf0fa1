import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listedReport } from "../../test/helpers/listed-report.js";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../test/helpers/sample-report.js";
import type { ScanReport } from "../model/finding.js";
import { isDredgeError } from "../errors.js";
import { reportFormats, reporterFor, reporters } from "./registry.js";
import { render } from "./testing.js";

describe("report registry", () => {
  it("lists every format once, each with a media type and a file extension", () => {
    assert.deepEqual([...reportFormats].sort(), ["cyclonedx", "github", "gitlab", "gitlab-dependency-scanning", "gitlab-secret-detection", "html", "json", "junit", "markdown", "sarif", "spdx-json", "table"]);
    for (const r of reporters) {
      assert.match(r.mediaType, /^[a-z]+\/[\w.+-]+/, r.format);
      assert.match(r.fileExtension, /^\.[a-z.]+$/, r.format);
    }
    assert.equal(reporterFor("sarif").mediaType, "application/sarif+json");
    assert.equal(reporterFor("cyclonedx").mediaType.split(";")[0], "application/vnd.cyclonedx+json");
    assert.equal(reporterFor("spdx-json").mediaType, "application/spdx+json");
  });

  it("rejects an unknown format with a USAGE error naming it", () => {
    assert.throws(() => reporterFor("xml"), (e: unknown) => isDredgeError(e, "USAGE") && e.message.includes('"xml"') && !!e.hint?.includes("sarif"));
  });

  for (const r of reporters) {
    it(`${r.format}: writes the sample, the empty and the hostile report`, async () => {
      const full = await render(r, sampleReport());
      assert.ok(full.length > 200, "sample output is substantial");
      // GitLab's dependency scanning holds language packages only, secret detection secrets only
      if (r.format === "gitlab-secret-detection") assert.ok(full.includes('"secret_detection"'));
      else if (r.format === "gitlab-dependency-scanning") assert.ok(full.includes('"dependency_scanning"') && full.includes('"dependency_files"'));
      else assert.ok(full.includes("CVE-2019-18224"), "mentions the OS vulnerability");
      const empty = await render(r, emptyReport());
      assert.ok(!empty.includes("CVE-2019-18224"), "empty report has no findings");
      if (r.format !== "github") assert.ok(empty.length > 0);
      await render(r, hostileReport());
      const minimal = await render(r, minimalReport());
      if (r.format !== "github") assert.ok(minimal.length > 0);
    });
  }

  it("a package listing (ScanTarget.packages) changes only the formats written from it", async () => {
    const listed = listedReport();
    const bare: ScanReport = { ...listed, targets: listed.targets.map(({ packages: _p, ...t }) => t) };
    for (const r of reporters) {
      const withListing = await render(r, listed);
      const without = await render(r, bare);
      // GitLab's dependency files name packages by name, not purl
      const marker = r.format === "gitlab-dependency-scanning" ? '"name": "memchr"' : "pkg:cargo/memchr@1.0.2";
      if (r.packageListing) {
        assert.ok(withListing.includes(marker), `${r.format} lists a package without findings`);
        assert.ok(!without.includes(marker), `${r.format} without a listing`);
      } else {
        assert.equal(withListing, without, `${r.format} ignores the listing`);
      }
    }
    assert.deepEqual(reporters.filter((r) => r.packageListing).map((r) => `${r.format}:${r.packageListing}`), ["json:on-request", "cyclonedx:always", "spdx-json:always", "gitlab-dependency-scanning:always"]);
  });

  it("reports a failing output stream as an IO_ERROR", async () => {
    const { Writable } = await import("node:stream");
    const out = new Writable({ write(_c, _e, cb) { cb(new Error("disk full")); } });
    out.on("error", () => {});
    await assert.rejects(reporterFor("json").write(sampleReport(), out, { color: false }), (e: unknown) => isDredgeError(e, "IO_ERROR") && e.message.includes("disk full"));
  });
});
