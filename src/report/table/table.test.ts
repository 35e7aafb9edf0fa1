import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyReport, hostileReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { assertGolden, render } from "../testing.js";
import { tableReporter } from "./index.js";

const golden = (name: string) => join(import.meta.dirname, "testdata", name);
// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[/;

describe("table report", () => {
  it("matches the golden file per target (no colour)", async () => {
    const out = await render(tableReporter, sampleReport());
    assert.ok(!ansi.test(out));
    assertGolden(golden("sample.txt"), out);
  });

  it("groups vulnerabilities by layer with the layer's instruction", async () => {
    const out = await render(tableReporter, sampleReport(), { groupBy: "layer" });
    assertGolden(golden("sample-by-layer.txt"), out);
    // Layers count from 1 as `dredge inspect` shows them: index 3 is layer 4.
    const layer3 = out.indexOf("Layer 4 sha256:75e43d55");
    assert.ok(layer3 > 0 && out.indexOf("install.sh", layer3) > layer3, "layer 3 names its RUN instruction");
    assert.ok(out.indexOf("CVE-2020-8165", layer3) > layer3, "the gem vulnerability sits under layer 3");
    assert.ok(out.includes("Layer unknown"), "findings without a layer are grouped apart");
    const layer4 = out.indexOf("Layer 5 sha256:788c00e2");
    assert.ok(layer4 > 0 && out.indexOf("aws-access-key-id", layer4) > layer4 && out.indexOf("aws-access-key-id", layer4) < out.indexOf("Layer unknown"),
      "the secret sits under layer 4, which copied its file");
    assert.equal(out.split("aws-access-key-id").length, 2, "the secret is listed once");
    assert.ok(out.includes("aws_key_id ********************"));
    assert.match(out, /\/srv\/app\/Dockerfile misconfigurations[\s\S]*DS001[\s\S]*\/srv\/app\/Dockerfile:1/);
  });

  it("shows each vulnerability's layer (number and short instruction, as inspect counts) and marks KEV entries", async () => {
    const report = sampleReport();
    const v = report.targets.flatMap((t) => t.vulnerabilities).find((x) => x.package.layer?.index === 3)!;
    v.kev = { dateAdded: "2022-01-10" };
    const out = await render(tableReporter, report);
    const row = out.split("\n").find((l) => l.includes(v.id))!;
    assert.match(row, /│ 4: chmod \+x/);
    const next = out.split("\n")[out.split("\n").indexOf(row) + 1]!;
    assert.match(next, /│ KEV\s+│/);
  });

  it("shows suppressed findings only when asked, marked", async () => {
    const hidden = await render(tableReporter, sampleReport());
    assert.ok(!hidden.includes("CVE-2020-28724"));
    assert.match(hidden, /1 suppressed finding not shown/);
    const shown = await render(tableReporter, sampleReport(), { showSuppressed: true });
    assertGolden(golden("sample-suppressed.txt"), shown);
    assert.match(shown, /CVE-2020-28724[\s\S]*suppressed \(vex\)/);
  });

  it("has a severity summary per target", async () => {
    const out = await render(tableReporter, sampleReport());
    assert.match(out, /debian 10\.2 \(os\) \(deb\)\n=+\nTotal: 1 \(CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0\)/);
    assert.match(out, /\/srv\/app\/requirements\.txt \(pypi\)\n=+\nTotal: 1 \(CRITICAL: 0, HIGH: 1,/);
  });

  it("colours severities only when options.color is set", async () => {
    const out = await render(tableReporter, sampleReport(), { color: true });
    assert.ok(ansi.test(out));
    assert.ok(out.includes("\u001b[31mHIGH\u001b[39m"));
  });

  it("keeps lines within the requested width", async () => {
    const out = await render(tableReporter, sampleReport(), { width: 100 });
    const long = out.split("\n").filter((l) => /^[┌│└├]/.test(l) && l.length > 100);
    assert.deepEqual(long, []);
  });

  it("prints a clean target and no findings for the empty report", async () => {
    const out = await render(tableReporter, emptyReport());
    assert.match(out, /Total: 0 /);
    assert.match(out, /No vulnerabilities\./);
  });

  it("strips terminal control characters from advisory text", async () => {
    const out = await render(tableReporter, hostileReport());
    assert.ok(!out.includes("\r") && !out.includes("\u0007"));
    assert.ok(out.includes("second line"));
  });
});
