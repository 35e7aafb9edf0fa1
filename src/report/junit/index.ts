/**
 * JUnit XML for CI test views: one <testsuite> per target, one <testcase> per finding of every kind
 * (vulnerability, misconfiguration, secret, licence; the kind is the failure's type), a <failure> for each
 * (suppressed findings, when shown, are <skipped>). A target without findings gets one passing testcase.
 */
import { layerNumber } from "../common/layer.js";
import type { ScanReport, ScanTarget } from "../../model/finding.js";
import type { InventoryGap } from "../../model/inventory.js";
import { incompleteLines } from "../common/incomplete.js";
import type { MultiReport, Reporter, ReportOptions } from "../types.js";
import { flattenTarget, suppressionLabel, visible, type FlatFinding } from "../common/flat.js";
import { xmlEscape as x } from "../common/escape.js";
import { bySeverity } from "../common/severity.js";
import { writeText } from "../common/write.js";
import { qualifyTargets, reportLabels, setName } from "../multi.js";
import { policySuite } from "./policy.js";

export function junitXml(report: ScanReport, options: Pick<ReportOptions, "showSuppressed" | "now">): string {
  return junitDocument(`${report.tool.name} ${report.artifact.name}`, junitSuites(report, options));
}

/**
 * Several images (docs/reports.md, "Several images"): one `<testsuites>`, each image's suites with its label
 * (`NAME (os/arch): `) before every suite and class name, so the same finding in two images is two test cases.
 */
export function junitMany(multi: MultiReport, options: Pick<ReportOptions, "showSuppressed" | "now">): string {
  const labels = reportLabels(multi.reports);
  const suites: Suite[] = [];
  multi.reports.forEach((r, i) => {
    const own = junitSuites(qualifyTargets(r, labels[i]!), options, `${labels[i]}: inventory`);
    // an image without findings has no targets: one passing testcase still names it
    if (!own.length) own.push(cleanSuite(labels[i]!, timestampOf(r, options)));
    for (const s of own) suites.push(s);
  });
  return junitDocument(`${multi.reports[0]!.tool.name} ${setName(multi.reports.map((r) => r.artifact))}`, suites);
}

interface Suite { xml: string; tests: number; failures: number; skipped: number }

/** The suites of one report: its inventory's when incomplete (named `inventoryName`), then one per target. */
function junitSuites(report: ScanReport, options: Pick<ReportOptions, "showSuppressed" | "now">, inventoryName = "inventory"): Suite[] {
  const timestamp = timestampOf(report, options);
  const suites = report.targets.map((t) => suite(t, options.showSuppressed ?? false, timestamp));
  if (report.incompleteReasons?.length) suites.unshift(inventorySuite(report.incompleteReasons, timestamp, inventoryName));
  if (report.policy) suites.push(policySuite(report.policy, timestamp, inventoryName === "inventory" ? undefined : inventoryName.replace(/inventory$/, `policy ${report.policy.policy.id}`)));
  return suites;
}

const timestampOf = (report: ScanReport, options: Pick<ReportOptions, "now">): string =>
  (options.now ?? new Date(report.createdAt)).toISOString().replace(/\.\d{3}Z$/, "");

function cleanSuite(name: string, timestamp: string): Suite {
  const head = `  <testsuite name="${x(name)}" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="${timestamp}">`;
  return { xml: [head, `    <testcase classname="${x(name)}" name="no findings" time="0"/>`, "  </testsuite>"].join("\n"), tests: 1, failures: 0, skipped: 0 };
}

/** `<testsuites>` named `name` around the suites, with their totals. */
function junitDocument(name: string, suites: readonly Suite[]): string {
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const skipped = suites.reduce((n, s) => n + s.skipped, 0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${x(name)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
    "",
  ].join("\n");
}

function suite(t: ScanTarget, showSuppressed: boolean, timestamp: string): Suite {
  const findings = visible(flattenTarget(t), showSuppressed).sort(bySeverity);
  const cases = findings.length ? findings.map(testcase) : [`    <testcase classname="${x(t.target)}" name="no findings" time="0"/>`];
  const failures = findings.filter((f) => !f.suppressed).length;
  const skipped = findings.length - failures;
  const head = `  <testsuite name="${x(`${t.target} (${t.type})`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${timestamp}">`;
  return { xml: [head, ...cases, "  </testsuite>"].join("\n"), tests: cases.length, failures, skipped };
}

/** An incomplete inventory is a failing testcase of its own suite: packages (and their findings) may be missing. */
function inventorySuite(gaps: readonly InventoryGap[], timestamp: string, name: string): Suite {
  const [headline, ...reasons] = incompleteLines(gaps);
  const head = `  <testsuite name="${x(name)}" tests="1" failures="1" errors="0" skipped="0" time="0" timestamp="${timestamp}">`;
  const test = `    <testcase classname="${x(name)}" name="inventory is complete" time="0">\n      <failure message="${x(headline ?? "")}" type="inventory:incomplete">${x(reasons.join("\n"))}</failure>\n    </testcase>`;
  return { xml: [head, test, "  </testsuite>"].join("\n"), tests: 1, failures: 1, skipped: 0 };
}

function testcase(f: FlatFinding): string {
  const subject = f.packageName ? `${f.packageName}@${f.installed ?? ""}` : (f.path ?? f.target.target);
  const name = `[${f.severity}] ${subject}: ${f.id}`;
  const where = `${f.path ? ` file="${x(f.path)}"` : ""}${f.path && f.startLine ? ` line="${f.startLine}"` : ""}`;
  const open = `    <testcase classname="${x(f.target.target)}" name="${x(name)}" time="0"${where}>`;
  if (f.suppressed) return `${open}\n      <skipped message="${x(suppressionLabel(f.suppressed))}"/>\n    </testcase>`;
  const body = [f.message, f.url ? `Link: ${f.url}` : "", f.layer ? `Layer: ${layerNumber(f.layer)} ${f.layer.diffId}` : ""].filter(Boolean).join("\n");
  return `${open}\n      <failure message="${x(`${f.title}`)}" type="${f.kind}:${f.severity}">${x(body)}</failure>\n    </testcase>`;
}

export const junitReporter: Reporter = {
  format: "junit",
  mediaType: "application/xml",
  fileExtension: ".xml",
  write: (report, out, options) => writeText(out, junitXml(report, options)),
  writeMany: (multi, out, options) => writeText(out, junitMany(multi, options)),
};
