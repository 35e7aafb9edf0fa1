import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyReport, hostileReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { assertGolden, render } from "../testing.js";
import { escapeData, escapeProperty, githubReporter } from "./index.js";

const golden = (name: string) => join(import.meta.dirname, "testdata", name);

describe("github workflow-command report", () => {
  it("matches the golden file: one annotation per unsuppressed finding", async () => {
    const out = await render(githubReporter, sampleReport());
    assertGolden(golden("sample.txt"), out);
    const lines = out.trimEnd().split("\n");
    assert.equal(lines.length, 9);
    assert.ok(lines.every((l) => /^::(error|warning|notice) [^:]*::/.test(l)));
    assert.ok(!out.includes("CVE-2020-28724"));
    assert.ok(lines.some((l) => l.startsWith("::error file=var/lib/dpkg/status,title=CVE-2019-18224 (CRITICAL) in libidn2-0 2.0.5-1::")));
    assert.ok(lines.some((l) => l.startsWith("::warning file=srv/app/Dockerfile,line=1,endLine=1,title=DS001 (MEDIUM)::")), "misconfiguration with file and line");
    const secret = lines.find((l) => l.startsWith("::error file=etc/fluent/fluent.conf,line=12,endLine=12,title=aws-access-key-id (CRITICAL)::"));
    assert.ok(secret?.includes("aws_key_id ********************%0A"), "secret with file, line and the masked match");
    assert.ok(lines.some((l) => l.startsWith("::notice file=var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec,title=MIT (LOW) in activesupport")));
  });

  it("escapes data and properties as GitHub's runner expects", () => {
    const cases: [string, string, string][] = [
      ["100%", "100%25", "100%25"],
      ["a\r\nb", "a%0D%0Ab", "a%0D%0Ab"],
      ["k: v, w", "k: v, w", "k%3A v%2C w"],
      ["%0A", "%250A", "%250A"],
    ];
    for (const [input, data, prop] of cases) {
      assert.equal(escapeData(input), data, input);
      assert.equal(escapeProperty(input), prop, input);
    }
  });

  it("keeps every annotation on one line with hostile text", async () => {
    const out = await render(githubReporter, hostileReport());
    for (const line of out.trimEnd().split("\n")) assert.match(line, /^::(error|warning|notice) /);
    assert.ok(out.includes("title=CVE-2019-18224 (CRITICAL) in libidn2-0 2.0.5-1::"));
    assert.ok(out.includes("50%25 <b>"));
  });

  it("writes nothing for an empty report", async () => {
    assert.equal(await render(githubReporter, emptyReport()), "");
  });
});
