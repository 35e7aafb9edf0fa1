/**
 * Option validation through the real executable (bin/dredge.js; `npm run build` first): every bad value —
 * a misspelt enum, an empty list, an out-of-range number, an unknown dredge.yaml key — from a flag, a
 * DREDGE_* variable or dredge.yaml is exit 2, one line on stderr naming where it came from and the value,
 * and nothing on stdout. Never a silent pass: `--severity CRTICAL --exit-code 1` used to report "no findings"
 * and exit 0. Validation happens before anything is read, so the targets need not exist.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runBin } from "../helpers/cli.js";

const work = mkdtempSync(join(tmpdir(), "dredge-options-"));
after(() => rmSync(work, { recursive: true, force: true }));
const home = { HOME: work, XDG_CACHE_HOME: join(work, "cache") };
const missing = join(work, "no-such-image.tar");

function config(name: string, yaml: string): string {
  const file = join(work, name);
  writeFileSync(file, yaml);
  return file;
}

interface Case {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** What the single line of stderr must say (the source and the value, at least). */
  says: RegExp;
}

const enums: Case[] = [
  { name: "--severity misspelt (the CI gate that failed open)", args: ["image", missing, "--severity", "CRTICAL", "--exit-code", "1"], says: /^error: invalid --severity: "CRTICAL" is not one of CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE, UNKNOWN$/ },
  { name: "--severity with one bad item", args: ["image", missing, "--severity", "CRITICAL,HIHG"], says: /^error: invalid --severity: "HIHG" is not one of CRITICAL/ },
  { name: "--scanners misspelt", args: ["image", missing, "--scanners", "vuln,secrets"], says: /^error: invalid --scanners: "secrets" is not one of vuln, secret, misconfig, license$/ },
  { name: "--sort misspelt", args: ["image", missing, "--sort", "nosuch"], says: /^error: invalid --sort: "nosuch" is not one of severity, risk, package$/ },
  { name: "--group-by misspelt", args: ["image", missing, "--group-by", "nosuch"], says: /^error: invalid --group-by: "nosuch" is not one of target, layer$/ },
  { name: "--pkg-types misspelt", args: ["fs", work, "--pkg-types", "foo"], says: /^error: invalid --pkg-types: "foo" is not one of os, library$/ },
  { name: "--ignore-status misspelt", args: ["rootfs", work, "--ignore-status", "foo"], says: /^error: invalid --ignore-status: "foo" is not one of fixed, affected, under_investigation, will_not_fix, fix_deferred, end_of_life, not_affected, unknown$/ },
  { name: "--format misspelt", args: ["image", missing, "--format", "jsn"], says: /^error: invalid --format: "jsn" is not one of table, json, sarif, / },
  { name: "--format=FILE misspelt", args: ["image", missing, "--format", "json=a.json", "--format", "sarf=b.sarif"], says: /^error: invalid --format: "sarf" is not one of table, / },
  { name: "config --severity misspelt", args: ["config", work, "--severity", "HGIH"], says: /^error: invalid --severity: "HGIH" is not one of / },
  { name: "config --format misspelt", args: ["config", work, "--format", "xml"], says: /^error: invalid --format: "xml" is not one of table, / },
  { name: "sbom --format misspelt", args: ["sbom", missing, "--format", "spdx"], says: /^error: invalid --format: "spdx" is not one of cyclonedx, spdx-json$/ },
  { name: "inspect --format misspelt", args: ["inspect", missing, "--format", "yaml"], says: /^error: invalid --format: "yaml" is not one of table, json$/ },
  { name: "db status --format misspelt", args: ["db", "status", "--format", "yaml"], says: /^error: invalid --format: "yaml" is not one of text, json$/ },
];

const emptyLists: Case[] = ["severity", "scanners", "pkg-types", "ignore-status"].map((flag) => ({
  name: `--${flag} ""`,
  args: ["image", missing, `--${flag}`, ""],
  says: new RegExp(`^error: invalid --${flag}: "" is an empty list; use one or more of `),
}));

const numbers: Case[] = [
  { name: "--exit-code 300 (was exit 44)", args: ["image", missing, "--exit-code", "300"], says: /^error: invalid --exit-code: "300" is out of range \(0 to 255\)$/ },
  { name: "--exit-code -1", args: ["image", missing, "--exit-code=-1"], says: /^error: invalid --exit-code: "-1" is out of range \(0 to 255\)$/ },
  { name: "--exit-code one", args: ["config", work, "--exit-code", "one"], says: /^error: invalid --exit-code: "one" is not a whole number$/ },
  { name: "--max-layer-entries 0", args: ["inspect", missing, "--max-layer-entries", "0"], says: /^error: invalid --max-layer-entries: "0" is less than 1$/ },
  { name: "--max-layer-bytes lots", args: ["inspect", missing, "--max-layer-bytes", "lots"], says: /^error: invalid --max-layer-bytes: "lots" is not a size such as 512M or 32G$/ },
  { name: "--timeout 5 minutes", args: ["inspect", missing, "--timeout", "5 minutes"], says: /^error: invalid --timeout: "5 minutes" is not a duration such as 90s, 5m or 1h$/ },
  { name: "--platform linux", args: ["inspect", missing, "--platform", "linux"], says: /^error: invalid --platform: "linux" is not os\/arch\[\/variant\]/ },
];

const fromEnv: Case[] = [
  { name: "DREDGE_SEVERITY=CRTICAL", args: ["image", missing], env: { DREDGE_SEVERITY: "CRTICAL" }, says: /^error: invalid DREDGE_SEVERITY \(--severity\): "CRTICAL" is not one of CRITICAL, / },
  { name: "DREDGE_SCANNERS=vulns", args: ["image", missing], env: { DREDGE_SCANNERS: "vulns" }, says: /^error: invalid DREDGE_SCANNERS \(--scanners\): "vulns" is not one of / },
  { name: "DREDGE_EXIT_CODE=256", args: ["image", missing], env: { DREDGE_EXIT_CODE: "256" }, says: /^error: invalid DREDGE_EXIT_CODE \(--exit-code\): "256" is out of range \(0 to 255\)$/ },
  { name: "DREDGE_INSECURE=maybe", args: ["inspect", missing], env: { DREDGE_INSECURE: "maybe" }, says: /^error: invalid DREDGE_INSECURE \(--insecure\): "maybe" is not a boolean/ },
  { name: "DREDGE_QUIET=loud (a CLI-only setting)", args: ["inspect", missing], env: { DREDGE_QUIET: "loud" }, says: /^error: invalid DREDGE_QUIET \(--quiet\): "loud" is not a boolean/ },
  { name: "a flag wins over a bad variable, and is checked itself", args: ["image", missing, "--sort", "riks"], env: { DREDGE_SORT: "risk" }, says: /^error: invalid --sort: "riks"/ },
];

const fromFile: Case[] = [
  { name: "unknown key with a did-you-mean", args: ["image", missing, "--config", config("typo.yaml", "severty: CRITICAL\n")], says: /^error: unknown key "severty" \(did you mean "severity"\?\) in .*typo\.yaml$/ },
  { name: "unknown nested key", args: ["image", missing, "--config", config("nested.yaml", "db:\n  repositry: x\n")], says: /^error: unknown key "db-repositry" \(did you mean "db-repository"\?\) in / },
  { name: "unknown key without a near one", args: ["inspect", missing, "--config", config("far.yaml", "colour: blue\n")], says: /^error: unknown key "colour" in / },
  { name: "unknown key in DREDGE_CONFIG, for any command", args: ["db", "status"], env: { DREDGE_CONFIG: config("env.yaml", "offine: true\n") }, says: /^error: unknown key "offine" \(did you mean "offline"\?\) in / },
  { name: "bad value in the file", args: ["image", missing, "--config", config("bad.yaml", "severity: [CRITICAL, HUGE]\n")], says: /^error: invalid severity in .*bad\.yaml: "HUGE" is not one of CRITICAL, / },
  { name: "empty list in the file", args: ["image", missing, "--config", config("empty.yaml", "scanners: []\n")], says: /^error: invalid scanners in .*empty\.yaml: \[\] is an empty list; / },
  { name: "out-of-range exit code in the file", args: ["image", missing, "--config", config("exit.yaml", "exit-code: 1000\n")], says: /^error: invalid exit-code in .*exit\.yaml: 1000 is out of range \(0 to 255\)$/ },
];

describe("a bad option is exit 2, one line on stderr naming it and its value, nothing on stdout", () => {
  for (const [group, cases] of Object.entries({ enums, emptyLists, numbers, fromEnv, fromFile })) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, () => {
          const r = runBin(c.args, { ...home, ...c.env }, work);
          assert.equal(r.code, 2, r.stderr);
          assert.equal(r.stdout, "");
          assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
          assert.match(r.stderr.trimEnd(), c.says);
        });
      }
    });
  }
});

describe("good options from every source pass validation", () => {
  it("flags, variables and dredge.yaml (with its nested db: and secret: sections) scan an empty directory", () => {
    const dir = join(work, "empty-project");
    mkdirSync(dir, { recursive: true });
    const cfg = config("good.yaml", "severity: [critical, HIGH]\nsort: risk\ndb:\n  max-age: 12h\nsecret:\n  disableRules: []\n");
    const r = runBin(["fs", dir, "--config", cfg, "--scanners", "secret,misconfig", "--format", "json", "--exit-code", "1", "--pkg-types", "library"], { ...home, DREDGE_GROUP_BY: "layer", DREDGE_IGNORE_STATUS: "will_not_fix" }, work);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray((JSON.parse(r.stdout) as { targets: unknown[] }).targets));
  });
});
