import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../test/helpers/sample-report.js";
import { isDredgeError } from "../errors.js";
import { reportFormats, reporterFor, reporters } from "./registry.js";
import { render } from "./testing.js";

describe("report registry", () => {
  it("lists every format once, each with a media type and a file extension", () => {
    assert.deepEqual([...reportFormats].sort(), ["cyclonedx", "github", "gitlab", "html", "json", "junit", "markdown", "sarif", "spdx-json", "table"]);
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
      assert.ok(full.includes("CVE-2019-18224"), "mentions the OS vulnerability");
      const empty = await render(r, emptyReport());
      assert.ok(!empty.includes("CVE-2019-18224"), "empty report has no findings");
      if (r.format !== "github") assert.ok(empty.length > 0);
      await render(r, hostileReport());
      const minimal = await render(r, minimalReport());
      if (r.format !== "github") assert.ok(minimal.length > 0);
    });
  }

  it("reports a failing output stream as an IO_ERROR", async () => {
    const { Writable } = await import("node:stream");
    const out = new Writable({ write(_c, _e, cb) { cb(new Error("disk full")); } });
    out.on("error", () => {});
    await assert.rejects(reporterFor("json").write(sampleReport(), out, { color: false }), (e: unknown) => isDredgeError(e, "IO_ERROR") && e.message.includes("disk full"));
  });
});
