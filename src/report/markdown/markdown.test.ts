import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyReport, hostileReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { assertGolden, render } from "../testing.js";
import { markdownReporter } from "./index.js";

const golden = (name: string) => join(import.meta.dirname, "testdata", name);

describe("markdown report", () => {
  it("matches the golden file: summary counts, a collapsible table per target", async () => {
    const out = await render(markdownReporter, sampleReport());
    assertGolden(golden("sample.md"), out);
    assert.match(out, /\| \*\*Total\*\* \| \| \*\*2\*\* \| \*\*3\*\* \| \*\*3\*\* \| \*\*1\*\* \| \*\*0\*\* \|/);
    assert.equal((out.match(/<details>/g) ?? []).length, 7);
    assert.ok(!out.includes("CVE-2020-28724"));
  });

  it("lists misconfigurations and secrets with file:line, licences with their package, secrets masked", async () => {
    const out = await render(markdownReporter, sampleReport());
    const row = (id: string) => out.split("\n").find((l) => l.startsWith(`| ${id.split(" ")[0]} | ${id.split(" ")[1]} |`));
    assert.match(row("misconfiguration DS001") ?? "", /\| \/srv\/app\/Dockerfile:1 \|/);
    assert.match(row("misconfiguration DS002") ?? "", /\| Dockerfile \|/);
    assert.match(row("secret aws-access-key-id") ?? "", /\| \/etc\/fluent\/fluent\.conf:12 \|.*aws\\_key\\_id (\\\*){20} \|$/);
    assert.match(row("license MIT") ?? "", /\| activesupport 6\.0\.2\.1 \|/);
    assert.match(row("license LGPL-3.0-or-later") ?? "", /\| libidn2-0 2\.0\.5-1 \|/);
  });

  it("shows each vulnerability's layer, marks KEV entries and lists the remediation advice", async () => {
    const report = sampleReport();
    const v = report.targets.flatMap((t) => t.vulnerabilities).find((x) => x.package.layer?.index === 3)!;
    v.kev = { dateAdded: "2022-01-10" };
    report.remediation = { packages: [{ name: "activesupport", type: "gem", purl: v.package.purl, installed: "6.0.2.1", upgradeTo: "6.0.3.1", fixes: 1, unfixed: 0 }] };
    const out = await render(markdownReporter, report);
    const row = out.split("\n").find((l) => l.includes(`[${v.id}]`))!;
    assert.match(row, new RegExp(`\\[${v.id}\\]\\([^)]+\\) \\*\\*KEV\\*\\* \\|.* \\| 4: chmod \\+x /tmp/install\\.s… \\|`));
    assert.match(out, /### Remediation\n\n- upgrade \*\*activesupport\*\* from 6\.0\.2\.1 to \*\*6\.0\.3\.1\*\* \(fixes 1\)\n/);
    assert.ok(!(await render(markdownReporter, sampleReport())).includes("### Remediation"), "no section without advice");
  });

  it("marks suppressed findings when asked", async () => {
    const out = await render(markdownReporter, sampleReport(), { showSuppressed: true });
    assert.match(out, /CVE-2020-28724.*suppressed \(vex: vulnerable\\_code\\_not\\_in\\_execute\\_path\)/);
  });

  it("escapes table cells so hostile text cannot break the table or inject HTML", async () => {
    const out = await render(markdownReporter, hostileReport());
    const row = out.split("\n").find((l) => l.includes("CVE-2019-18224"))!;
    assert.equal(row.split(/(?<!\\)\|/).length, 10, "8 cells");
    assert.ok(!out.includes("<b>\"bold") && !out.includes("<script>") && !out.includes("\u0007"));
    assert.ok(out.includes("<b>debian 10.2 (os) &lt;x&gt;|y,z:w%</b>"));
  });

  it("says so when there are no findings", async () => {
    assert.match(await render(markdownReporter, emptyReport()), /No findings\./);
  });
});
