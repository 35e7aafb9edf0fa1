/**
 * The policy on a real scan: the bookworm test image against real advisories (osv-pypa, osv-ghsa-subset,
 * osv-almalinux, CISA KEV). Every expectation is computed from the scan's own report, the image's config
 * in the OCI layout, or expected.json — never written down. Then the CLI end to end: exit codes, the
 * policy section of each report format (JSON and SARIF against their schemas, JUnit well-formed), SBOM
 * targets, and `dredge policy check|test|import`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { satisfies } from "semver";
import { parseScanOptions, scanTarget, silentLogger } from "../../src/index.js";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import type { Inventory } from "../../src/model/inventory.js";
import type { PolicyEvaluation, RuleResult } from "../../src/model/policy.js";
import { evaluatePolicy, imageNameOf, parsePolicy, type PolicySubject } from "../../src/policy/index.js";
import { inventoryTarget } from "../../src/scan/index.js";
import { databaseFixDates } from "../../src/scan/policy.js";
import { schemaErrors, schemaValidator, xmlProblem } from "../../src/report/testing.js";
import { runCli } from "../helpers/cli.js";
import { fixturesDir, testImages } from "../helpers/images.js";
import { allFindings, buildFixtureDb } from "./fixture-db.js";

let work: string;
let db: string;
let report: ScanReport;
let inventory: Inventory;

const rank = ["NEGLIGIBLE", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
const atLeast = (f: VulnerabilityFinding, s: string) => rank.indexOf(f.severity) >= rank.indexOf(s);
const live = () => allFindings(report).filter((f) => !f.suppressed);
const rule = (e: PolicyEvaluation, id: string): RuleResult => e.rules.find((r) => r.id === id)!;
const hitIds = (r: RuleResult) => r.hits.map((h) => `${h.findingId} ${h.package ?? ""}`).sort();
const findingKeys = (fs: readonly VulnerabilityFinding[]) => fs.map((f) => `${f.id} ${f.package.name}`).sort();

/** The lodash the generator installed (expected.json), for package rules. */
const lodash = () => testImages().expected.bookworm.npm.find((p) => p.name === "lodash")!;

const mainPolicy = () => `version: 1
rules:
  - { id: high, gate: vulnerabilities, trigger: severity, params: { min: HIGH }, action: STOP }
  - { id: fixable, gate: vulnerabilities, trigger: fix-available, action: WARN }
  - { id: kev, gate: vulnerabilities, trigger: kev, action: STOP }
  - { id: cvss7, gate: vulnerabilities, trigger: cvss, params: { min: 7 }, action: WARN }
  - { id: npm-only, gate: vulnerabilities, trigger: package-type, params: { types: [npm] }, action: WARN }
  - { id: old, gate: vulnerabilities, trigger: published-age, params: { days: 365 }, action: WARN }
  - { id: deny-lodash, gate: packages, trigger: deny, params: { name: lodash, versions: "<= ${lodash().version}" }, action: STOP }
  - { id: deny-lodash-newer, gate: packages, trigger: deny, params: { name: lodash, versions: "> ${lodash().version}" }, action: STOP }
  - { id: root, gate: image-config, trigger: root-user, action: WARN }
  - { id: healthcheck, gate: image-config, trigger: no-healthcheck, action: WARN }
  - { id: layers, gate: metadata, trigger: layers, params: { max: 1 }, action: WARN }
  - { id: checks, gate: misconfig, trigger: check, params: { ids: ["DRG-IMG-*"] }, action: WARN }
`;

interface OciConfig { config?: { User?: string; Healthcheck?: { Test?: string[] } } }

/** The image config, read from the OCI layout the archive was exported from. */
function imageConfig(): OciConfig {
  const oci = testImages().oci;
  const blob = (d: string) => readFileSync(join(oci, "blobs", ...d.split(":")), "utf8");
  const index = JSON.parse(readFileSync(join(oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const desc = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm")!;
  const manifest = JSON.parse(blob(desc.digest)) as { config: { digest: string } };
  return JSON.parse(blob(manifest.config.digest)) as OciConfig;
}

function subject(over: Partial<PolicySubject> = {}): PolicySubject {
  return {
    report, packages: inventory.packages, image: imageNameOf(report.artifact), scanned: new Set(["vuln", "secret", "misconfig"]),
    facts: databaseFixDates, now: new Date(), ...over,
  };
}

const policyFile = (name: string, text: string): string => {
  const f = join(work, name);
  writeFileSync(f, text);
  return f;
};

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-policy-"));
  db = await buildFixtureDb(work);
  const hooks = { logger: silentLogger, cacheDir: join(work, "cache"), tmpDir: mkdtempSync(join(work, "tmp-")) };
  const options = parseScanOptions({ db, skipDbUpdate: true, policy: policyFile("main.yaml", mainPolicy()) });
  const r = await scanTarget(testImages().ociArchive, options, hooks);
  report = r.reports[0]!;
  inventory = (await inventoryTarget(testImages().ociArchive, options, hooks))[0]!;
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("policy evaluation of the bookworm image (real advisories)", () => {
  it("records the policy revision, the database and a result for every rule", () => {
    const e = report.policy!;
    assert.equal(e.policy.revision, parsePolicy(mainPolicy(), "x").revision);
    assert.equal(e.database?.builtAt, report.database?.builtAt);
    assert.deepEqual(e.rules.map((r) => r.id), parsePolicy(mainPolicy(), "x").document.policies[0]!.rules.map((r) => r.id));
    assert.ok(e.rules.every((r) => r.outcome === "fired" || r.outcome === "passed"), JSON.stringify(e.rules.filter((r) => r.outcome === "skipped")));
  });

  it("vulnerability triggers hit exactly the findings of the scan that qualify", () => {
    const e = report.policy!;
    const maxCvss = (f: VulnerabilityFinding) => Math.max(-1, ...f.cvss.map((c) => c.baseScore));
    const expect: [string, VulnerabilityFinding[]][] = [
      ["high", live().filter((f) => atLeast(f, "HIGH") && f.severity !== "UNKNOWN")],
      ["fixable", live().filter((f) => f.status === "fixed" && f.fixedVersions.length > 0)],
      ["kev", live().filter((f) => f.kev)],
      ["cvss7", live().filter((f) => maxCvss(f) >= 7)],
      ["npm-only", live().filter((f) => f.package.type === "npm")],
      ["old", live().filter((f) => f.published && Date.now() - Date.parse(f.published) >= 366 * 86_400_000)],
    ];
    for (const [id, want] of expect) assert.deepEqual(hitIds(rule(e, id)), findingKeys(want), id);
    for (const id of ["high", "fixable", "npm-only"]) assert.ok(rule(e, id).hits.length > 0, `${id}: the fixture must give hits`);
    assert.equal(e.finalAction, "STOP");
  });

  it("package rules use the version range in the package's scheme (expected.json's lodash)", () => {
    const e = report.policy!;
    const l = lodash();
    assert.ok(satisfies(l.version, `<=${l.version}`));
    assert.deepEqual(rule(e, "deny-lodash").hits.map((h) => h.package), ["lodash"]);
    assert.equal(rule(e, "deny-lodash-newer").outcome, "passed");
  });

  it("image-config and metadata rules follow the image's config and layers", () => {
    const cfg = imageConfig().config ?? {};
    const e = report.policy!;
    const root = !cfg.User || ["root", "0"].includes(cfg.User.split(":")[0]!);
    assert.equal(rule(e, "root").outcome, root ? "fired" : "passed");
    const hc = cfg.Healthcheck?.Test?.length && cfg.Healthcheck.Test[0] !== "NONE";
    assert.equal(rule(e, "healthcheck").outcome, hc ? "passed" : "fired");
    assert.equal(rule(e, "layers").outcome, testImages().expected.bookworm.layers > 1 ? "fired" : "passed");
    const imgChecks = report.targets.flatMap((t) => t.misconfigurations).filter((m) => m.id.startsWith("DRG-IMG-") && !m.suppressed);
    assert.deepEqual(rule(e, "checks").hits.map((h) => h.findingId).sort(), imgChecks.map((m) => m.id).sort());
  });

  it("grace window: a STOP on a vulnerability published less than N days ago is a WARN", () => {
    const f = live().find((x) => atLeast(x, "HIGH") && x.published)!;
    assert.ok(f, "the fixture needs a HIGH finding with a publication date");
    const p = parsePolicy(`version: 1
grace: { days: 7 }
rules:
  - { id: high, gate: vulnerabilities, trigger: severity, params: { min: HIGH }, action: STOP }
  - { id: nograce, gate: vulnerabilities, trigger: id, params: { ids: ["${f.id}"] }, action: STOP, grace: false }
`, "grace.yaml");
    const published = Date.parse(f.published!);
    const early = evaluatePolicy(p, subject({ now: new Date(published + 3 * 86_400_000) }));
    const hit = rule(early, "high").hits.find((h) => h.findingId === f.id)!;
    assert.deepEqual([hit.action, hit.grace?.days], ["WARN", 7]);
    assert.equal(rule(early, "nograce").effectiveAction, "STOP");
    const late = evaluatePolicy(p, subject({ now: new Date(published + 30 * 86_400_000) }));
    assert.deepEqual([rule(late, "high").hits.find((h) => h.findingId === f.id)!.action, rule(late, "high").hits.find((h) => h.findingId === f.id)!.grace], ["STOP", undefined]);
  });

  it("allowlists: a live item removes the hit; an expired one is ignored and reported", () => {
    const f = live().find((x) => atLeast(x, "HIGH"))!;
    const text = (expires: string) => `version: 1
rules:
  - { id: high, gate: vulnerabilities, trigger: severity, params: { min: HIGH }, action: STOP }
allowlist:
  - { id: "${f.id.slice(0, 4)}*", package: "${f.package.name}", reason: reviewed, expires: ${expires} }
`;
    const p = parsePolicy(text("2030-06-30"), "a.yaml");
    const before2030 = evaluatePolicy(p, subject({ now: new Date("2030-06-30T23:00:00Z") }));
    const covered = rule(before2030, "high").hits.filter((h) => h.allowlisted);
    assert.ok(covered.some((h) => h.findingId === f.id && h.allowlisted?.reason === "reviewed"));
    assert.deepEqual(before2030.expiredAllowlistItems, []);
    const afterExpiry = evaluatePolicy(p, subject({ now: new Date("2030-07-01T00:00:01Z") }));
    assert.ok(rule(afterExpiry, "high").hits.every((h) => !h.allowlisted));
    assert.deepEqual(afterExpiry.expiredAllowlistItems.map((x) => [x.id, x.expires]), [[`${f.id.slice(0, 4)}*`, "2030-06-30"]]);
    assert.match(afterExpiry.warnings.join("\n"), /expired on 2030-06-30/);
  });

  it("mappings choose the policy by registry/repository/tag, first match wins; denied images STOP even when allowed", () => {
    const p = parsePolicy(`version: 1
policies:
  - { id: strict, rules: [{ gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: STOP }] }
  - { id: lax, rules: [{ gate: image-config, trigger: latest-tag, action: WARN }] }
mappings:
  - { registry: "ghcr.io", repository: "acme/*", tag: "*", policy: strict }
  - { repository: "*", policy: lax }
images:
  allow: [{ repository: "acme/tools", reason: vetted }]
  deny: [{ registry: "ghcr.io", repository: "acme/tools", tag: "bad-*", reason: compromised }]
`, "m.yaml");
    const at = (registry: string, repository: string, tag: string) => evaluatePolicy(p, subject({ image: { registry, repository, tag } }));
    const strict = at("ghcr.io", "acme/web", "1.0");
    assert.deepEqual([strict.policy.id, strict.mapping, strict.finalAction], ["strict", "mappings[0]", "STOP"]);
    const lax = at("docker.io", "library/debian", "latest");
    assert.deepEqual([lax.policy.id, lax.finalAction], ["lax", "WARN"]);
    assert.deepEqual([at("ghcr.io", "acme/tools", "1.0").finalAction, at("ghcr.io", "acme/tools", "1.0").imageList?.list], ["GO", "allow"]);
    const denied = at("ghcr.io", "acme/tools", "bad-1");
    assert.deepEqual([denied.finalAction, denied.imageList?.list], ["STOP", "deny"]);
    assert.match(denied.reason, /compromised/);
  });

  it("rules reading findings of a scanner that did not run are skipped and said so, not passed", () => {
    const p = parsePolicy("version: 1\nrules: [{ gate: secrets, trigger: found, action: STOP }]\n", "s.yaml");
    const e = evaluatePolicy(p, subject({ scanned: new Set(["vuln"]) }));
    assert.deepEqual([e.rules[0]!.outcome, e.finalAction], ["skipped", "GO"]);
    assert.match(e.warnings[0]!, /secret scanner did not run/);
  });

  it("fix-age counts from the database's fix history (a first build: its build time), not from publication", () => {
    const fixable = live().filter((f) => f.status === "fixed" && f.fixedVersions.length > 0);
    assert.ok(fixable.length > 0, "the fixture needs fixed findings");
    const builtAt = report.database!.builtAt;
    // OSV carries no fix date: every fix of a first build dates from that build.
    for (const f of fixable) assert.deepEqual(f.fixAvailableSince, { date: builtAt, origin: "build" }, `${f.id} ${f.package.name}`);
    const p = parsePolicy("version: 1\nrules: [{ id: age, gate: vulnerabilities, trigger: fix-age, params: { days: 2 }, action: STOP }]\n", "age.yaml");
    const at = (days: number) => evaluatePolicy(p, subject({ now: new Date(Date.parse(builtAt) + days * 86_400_000) }));
    assert.equal(rule(at(1), "age").hits.length, 0, "publication dates are years old, the history one day");
    const late = rule(at(3), "age");
    assert.deepEqual(hitIds(late), findingKeys(fixable));
    assert.match(late.hits[0]!.message, new RegExp(`fix available since ${builtAt.slice(0, 10)} \\(first database build carrying the fix; 3 days > 2\\)`));
    // A database without a history: the advisory's publication date, said so.
    const old = { ...report, targets: report.targets.map((t) => ({ ...t, vulnerabilities: t.vulnerabilities.map(({ fixAvailableSince: _, ...f }) => f) })) };
    const f = fixable.find((x) => x.published)!;
    const e = evaluatePolicy(p, subject({ report: old, now: new Date(Date.parse(f.published!) + 10 * 86_400_000) }));
    assert.match(rule(e, "age").hits.find((h) => h.findingId === f.id)!.message, /advisory publication: no fix history in the database/);
  });
});

describe("dredge image --policy (CLI)", () => {
  const image = (...extra: string[]) => runCli(["image", testImages().ociArchive, "--db", db, "--cache-dir", join(work, "cache"), "--quiet", ...extra]);
  const warnOnly = () => policyFile("warn.yaml", "version: 1\nrules:\n  - { gate: image-config, trigger: no-healthcheck, action: WARN }\n  - { gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: WARN }\n");

  it("STOP exits 1 (or --policy-exit-code), with a policy section in JSON, SARIF, JUnit and table", async () => {
    const main = policyFile("main.yaml", mainPolicy());
    const files = { json: join(work, "r.json"), sarif: join(work, "r.sarif"), junit: join(work, "r.xml"), table: join(work, "r.txt"), markdown: join(work, "r.md") };
    const r = await image("--policy", main, ...Object.entries(files).flatMap(([f, path]) => ["--format", `${f}=${path}`]));
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(readFileSync(files.json, "utf8")) as ScanReport;
    assert.deepEqual(schemaErrors(schemaValidator("dredge"), json), []);
    const fired = json.policy!.rules.filter((x) => x.outcome === "fired");
    assert.equal(json.policy!.finalAction, "STOP");
    const sarif = JSON.parse(readFileSync(files.sarif, "utf8")) as { runs: { results: { ruleId: string; level: string }[]; properties: { policy: { finalAction: string } } }[] };
    assert.deepEqual(schemaErrors(schemaValidator("sarif"), sarif), []);
    const policyResults = sarif.runs[0]!.results.filter((x) => x.ruleId.startsWith("policy/"));
    assert.deepEqual(policyResults.map((x) => x.ruleId).sort(), fired.map((x) => `policy/${x.id}`).sort());
    assert.ok(policyResults.filter((x) => x.level === "error").length === fired.filter((x) => x.effectiveAction === "STOP").length);
    assert.equal(sarif.runs[0]!.properties.policy.finalAction, "STOP");
    const xml = readFileSync(files.junit, "utf8");
    assert.equal(xmlProblem(xml), undefined);
    const suite = /<testsuite name="policy default" tests="(\d+)" failures="(\d+)"/.exec(xml);
    assert.deepEqual([Number(suite?.[1]), Number(suite?.[2])], [json.policy!.rules.length, fired.filter((x) => x.effectiveAction === "STOP").length]);
    const table = readFileSync(files.table, "utf8");
    assert.match(table, /Policy default: STOP/);
    for (const x of fired) assert.ok(table.includes(x.id), x.id);
    assert.match(readFileSync(files.markdown, "utf8"), /### Policy/);
    assert.equal((await image("--policy", main, "--policy-exit-code", "7", "--format", "json")).code, 7);
  });

  it("WARN passes unless --fail-on-warn; with --exit-code too, either failing fails the run", async () => {
    const warn = warnOnly();
    const r = await image("--policy", warn, "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as ScanReport).policy!.finalAction, "WARN");
    assert.equal((await image("--policy", warn, "--fail-on-warn", "--format", "json")).code, 1);
    assert.equal((await image("--policy", warn, "--exit-code", "5", "--format", "json")).code, 5, "findings remain: --exit-code fails the run");
  });

  it("an SBOM target gets the package rules; image-config rules are skipped (no config)", async () => {
    const sbom = join(work, "bookworm.cdx.json");
    const s = await runCli(["sbom", testImages().ociArchive, "--cache-dir", join(work, "cache"), "--quiet", "-o", sbom]);
    assert.equal(s.code, 0, s.stderr);
    const r = await runCli(["image", sbom, "--db", db, "--cache-dir", join(work, "cache"), "--quiet", "--policy", policyFile("main.yaml", mainPolicy()), "--format", "json"]);
    const e = (JSON.parse(r.stdout) as ScanReport).policy!;
    assert.equal(r.code, 1);
    assert.equal(rule(e, "deny-lodash").outcome, "fired");
    assert.equal(rule(e, "root").outcome, "skipped");
  });

  it("dredge policy check / test / import", async () => {
    const bad = policyFile("bad.yaml", "version: 1\nrules:\n  - { gate: vulnerabilities, trigger: severity, params: { min: HGH }, action: STOP }\n");
    const c = await runCli(["policy", "check", bad]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /bad\.yaml:3:\d+: rules\.0\.params\.min/);
    assert.equal((await runCli(["policy", "check", warnOnly()])).code, 0);
    const t = await runCli(["policy", "test", policyFile("main.yaml", mainPolicy()), testImages().ociArchive, "--db", db, "--cache-dir", join(work, "cache"), "--quiet"]);
    assert.equal(t.code, 1, t.stderr);
    assert.match(t.stdout, /deny-lodash: packages\/deny .*\n\s+fired: STOP/);
    assert.match(t.stdout, /^Verdict: Policy default: STOP/m);
    const out = join(work, "imported.yaml");
    const i = await runCli(["policy", "import", join(fixturesDir, "policies", "anchore", "anchore_default_bundle.json"), "-o", out]);
    assert.equal(i.code, 0, i.stderr);
    assert.equal((await runCli(["policy", "check", out])).code, 0);
  });
});
