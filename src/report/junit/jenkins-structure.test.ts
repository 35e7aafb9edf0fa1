/**
 * The JUnit report against the structure the Jenkins JUnit plugin reads (the Ant JUnit format; no XSD is
 * staged, so the rules are written out here): <testsuites> of <testsuite name tests failures errors skipped
 * time [timestamp]>, each of <testcase name classname time> holding at most one <failure>/<error>/<skipped>
 * (message, type), every counter equal to what it counts — for one report, several (--input-list), suppressed
 * findings shown, hostile text and an empty report.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { emptyReport, hostileReport, sampleReport } from "../../../test/helpers/sample-report.js";
import type { ScanReport } from "../../model/finding.js";
import { writeMulti } from "../multi.js";
import { render } from "../testing.js";
import { junitReporter } from "./index.js";

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["testsuite", "testcase"].includes(name), parseAttributeValue: false });

const attrs = (n: Node) => Object.keys(n).filter((k) => k.startsWith("@")).map((k) => k.slice(1));
const children = (n: Node) => Object.keys(n).filter((k) => !k.startsWith("@") && k !== "#text");
const count = (v: unknown) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN);
const seconds = (v: unknown) => typeof v === "string" && /^\d+(\.\d+)?$/.test(v);

/** Problems of one JUnit document against the plugin's structure; [] when it reads it as meant. */
function jenkinsProblems(xml: string): string[] {
  const doc = parser.parse(xml) as Node;
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => void (ok || problems.push(what));
  check(children(doc).filter((k) => k !== "?xml").join() === "testsuites", "one <testsuites> root");
  const root = (doc.testsuites ?? {}) as Node;
  check(children(root).every((k) => k === "testsuite"), "<testsuites> holds only <testsuite>");
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of (root.testsuite ?? []) as Node[]) {
    const name = String(suite["@name"]);
    check(typeof suite["@name"] === "string" && name.length > 0, "a suite has a name");
    check(seconds(suite["@time"]), `${name}: time in seconds`);
    if (suite["@timestamp"] !== undefined) check(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(String(suite["@timestamp"])), `${name}: Ant timestamp`);
    check(children(suite).every((k) => ["testcase", "properties", "system-out", "system-err"].includes(k)), `${name}: children`);
    const cases = (suite.testcase ?? []) as Node[];
    const kinds = { failures: 0, errors: 0, skipped: 0 };
    for (const c of cases) {
      check(typeof c["@name"] === "string" && typeof c["@classname"] === "string" && seconds(c["@time"]), `${name}: a testcase has name, classname, time`);
      const outcome = children(c).filter((k) => ["failure", "error", "skipped"].includes(k));
      check(outcome.length <= 1, `${name}: one outcome per testcase`);
      check(children(c).every((k) => ["failure", "error", "skipped", "system-out", "system-err"].includes(k)), `${name}: testcase children`);
      for (const k of outcome) {
        const el = c[k];
        if (el && typeof el === "object") check(attrs(el as Node).every((a) => ["message", "type"].includes(a)), `${name}: <${k}> attributes`);
      }
      if (outcome[0] === "failure") kinds.failures++;
      if (outcome[0] === "error") kinds.errors++;
      if (outcome[0] === "skipped") kinds.skipped++;
    }
    check(count(suite["@tests"]) === cases.length, `${name}: tests="${String(suite["@tests"])}" for ${cases.length} testcases`);
    for (const k of ["failures", "errors", "skipped"] as const) {
      check(count(suite[`@${k}`]) === kinds[k], `${name}: ${k}="${String(suite[`@${k}`])}" for ${kinds[k]}`);
      totals[k] += kinds[k];
    }
    totals.tests += cases.length;
  }
  for (const k of ["tests", "failures", "errors", "skipped"] as const) check(count(root[`@${k}`]) === totals[k], `<testsuites ${k}> is the sum of its suites'`);
  return problems;
}

async function renderMany(reports: ScanReport[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeMulti(junitReporter, { reports }, out, { color: false });
  return Buffer.concat(chunks).toString("utf8");
}

describe("junit: the structure the Jenkins JUnit plugin reads", () => {
  it("one report, suppressed findings shown as skipped, hostile text, an empty report", async () => {
    for (const [what, xml] of [
      ["sample", await render(junitReporter, sampleReport())],
      ["suppressed shown", await render(junitReporter, sampleReport(), { showSuppressed: true })],
      ["hostile", await render(junitReporter, hostileReport())],
      ["empty", await render(junitReporter, emptyReport())],
    ] as const) assert.deepEqual(jenkinsProblems(xml), [], what);
  });

  it("several images in one document (--input-list, --platform all): suites of each, totals of all", async () => {
    const xml = await renderMany([sampleReport(), { ...sampleReport(), artifact: { ...sampleReport().artifact, name: "second:1" } }]);
    assert.deepEqual(jenkinsProblems(xml), []);
    const suites = (parser.parse(xml) as { testsuites: { testsuite: Node[] } }).testsuites.testsuite;
    assert.equal(suites.length, 2 * sampleReport().targets.length);
  });

  it("the check can fail: a wrong counter, two outcomes, a missing name", () => {
    const xml = '<testsuites tests="2" failures="1" errors="0" skipped="0"><testsuite name="a" tests="1" failures="1" errors="0" skipped="0" time="0">' +
      '<testcase classname="c" time="0"><failure message="m"/><skipped/></testcase></testsuite></testsuites>';
    const problems = jenkinsProblems(xml);
    assert.ok(problems.some((p) => p.includes("name, classname, time")));
    assert.ok(problems.some((p) => p.includes("one outcome")));
    assert.ok(problems.some((p) => p.includes("<testsuites tests>")));
  });
});
