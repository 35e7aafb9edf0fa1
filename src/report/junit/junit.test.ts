import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { assertGolden, render, xmlProblem } from "../testing.js";
import { junitReporter } from "./index.js";

const golden = (name: string) => join(import.meta.dirname, "testdata", name);

describe("junit report", () => {
  it("matches the golden file: one suite per target, a failure per finding", async () => {
    const out = await render(junitReporter, sampleReport());
    assertGolden(golden("sample.xml"), out);
    assert.equal(xmlProblem(out), undefined);
    assert.equal((out.match(/<testsuite /g) ?? []).length, sampleReport().targets.length);
    assert.match(out, /<testsuites name="dredge [^"]+" tests="9" failures="9" errors="0" skipped="0"/);
    assert.match(out, /<testcase classname="debian 10\.2 \(os\)" name="\[CRITICAL\] libidn2-0@2\.0\.5-1: CVE-2019-18224"/);
    const types = [...out.matchAll(/type="(\w+):[A-Z]+"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(types)].sort(), ["license", "misconfiguration", "secret", "vulnerability"], "every finding kind is a testcase");
    assert.match(out, /name="\[MEDIUM\] \/srv\/app\/Dockerfile: DS001" time="0" file="\/srv\/app\/Dockerfile" line="1"/);
    assert.match(out, /aws-access-key-id" time="0" file="\/etc\/fluent\/fluent\.conf" line="12">[\s\S]*?aws_key_id \*{20}\n/);
    assert.match(out, /name="\[LOW\] activesupport@6\.0\.2\.1: MIT"[\s\S]*?type="license:LOW"/);
  });

  it("shows suppressed findings as skipped when asked", async () => {
    const out = await render(junitReporter, sampleReport(), { showSuppressed: true });
    assert.equal(xmlProblem(out), undefined);
    assert.match(out, /CVE-2020-28724" time="0" file="\/srv\/app\/requirements\.txt">\n\s*<skipped message="suppressed \(vex: vulnerable_code_not_in_execute_path\)"\/>/);
  });

  it("stays well-formed with hostile text and for an empty report", async () => {
    const hostile = await render(junitReporter, hostileReport());
    assert.equal(xmlProblem(hostile), undefined);
    assert.ok(hostile.includes("50% &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &apos;quoted&apos;"));
    assert.ok(!hostile.includes("\u0007"));
    const empty = await render(junitReporter, emptyReport());
    assert.equal(xmlProblem(empty), undefined);
    assert.match(empty, /tests="1" failures="0"[\s\S]*name="no findings"/);
    const minimal = await render(junitReporter, minimalReport());
    assert.equal(xmlProblem(minimal), undefined);
    assert.match(minimal, /<testsuites name="dredge \.\/project" tests="0" failures="0"/);
  });

  it("the well-formedness check catches broken XML", () => {
    assert.match(xmlProblem(`<a><b></a></b>`) ?? "", /mismatched/);
    assert.match(xmlProblem(`<a>x & y</a>`) ?? "", /stray/);
    assert.match(xmlProblem(`<a t="1"><b>1 < 2</b></a>`) ?? "", /raw/);
    assert.match(xmlProblem(`<a>`) ?? "", /unclosed/);
  });
});
