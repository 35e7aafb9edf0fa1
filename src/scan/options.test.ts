import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDredgeError } from "../errors.js";
import { severities } from "../model/finding.js";
import { reportFormats } from "../report/registry.js";
import { defaultInput, parseScanOptions, scanOptionShape, type ScanOptions } from "./options.js";

/** The one-line USAGE message parseScanOptions throws for `input`. */
function failure(input: unknown): string {
  try {
    parseScanOptions(input, (k) => `--${k}`);
  } catch (err) {
    assert.ok(isDredgeError(err, "USAGE"), String(err));
    assert.doesNotMatch(err.message, /\n/);
    assert.equal(err.hint, undefined);
    return err.message;
  }
  assert.fail(`accepted ${JSON.stringify(input)}`);
}

describe("ScanOptions defaults", () => {
  it("an empty object is a full set of options", () => {
    const o = parseScanOptions({});
    assert.deepEqual(o.severity, severities);
    assert.deepEqual(o.scanners, ["vuln", "secret"]);
    assert.deepEqual(o.pkgTypes, ["os", "library"]);
    assert.equal(o.ignoreStatus, undefined);
    assert.equal(o.sort, "severity");
    assert.equal(o.groupBy, "target");
    assert.equal(o.exitCode, 0);
    assert.equal(o.timeout, 600_000);
    assert.equal(o.maxLayerBytes, 32 * 1024 ** 3);
    assert.equal(o.maxLayerEntries, 5_000_000);
    assert.equal(o.dbMaxAge, 24 * 3_600_000);
    assert.equal(o.dbNamespaces, "all");
    assert.equal(o.cache, true);
    assert.deepEqual(o.format, []);
    assert.deepEqual([o.skipDirs, o.skipFiles, o.vex], [[], [], []]);
  });

  it("defaults read as a user writes them (for --help)", () => {
    assert.equal(defaultInput("timeout"), "10m");
    assert.equal(defaultInput("severity"), severities.join(","));
    assert.equal(defaultInput("platform"), undefined);
    assert.equal(defaultInput("nosuch"), undefined);
  });
});

describe("ScanOptions from CLI text and from YAML/JSON values", () => {
  const cases: [string, Record<string, unknown>, Partial<ScanOptions>][] = [
    ["comma list, trimmed, case of severities", { severity: " critical, High ,," }, { severity: ["CRITICAL", "HIGH"] }],
    ["YAML list", { severity: ["CRITICAL"], scanners: ["vuln", "license"] }, { severity: ["CRITICAL"], scanners: ["vuln", "license"] }],
    ["list items holding commas", { skipDirs: ["a,b", "c"] }, { skipDirs: ["a", "b", "c"] }],
    ["booleans as text", { ignoreUnfixed: "yes", cache: "0" }, { ignoreUnfixed: true, cache: false }],
    ["numbers as text", { exitCode: "255", maxLayerEntries: 10 }, { exitCode: 255, maxLayerEntries: 10 }],
    ["units", { timeout: "1h30m", dbMaxAge: 90, maxLayerBytes: "1k" }, { timeout: 5_400_000, dbMaxAge: 90_000, maxLayerBytes: 1024 }],
    ["empty text is unset", { platform: "", db: "" }, { platform: undefined, db: undefined }],
    ["numbers as text options", { username: 1234 }, { username: "1234" }],
    ["platform", { platform: "linux/arm64/v8" }, { platform: "linux/arm64/v8" }],
    ["formats with files", { format: ["json", "sarif=out.sarif"] }, { format: [{ format: "json" }, { format: "sarif", file: "out.sarif" }] }],
    ["one format as text", { format: "html" }, { format: [{ format: "html" }] }],
    ["namespaces", { dbNamespaces: "debian, npm" }, { dbNamespaces: ["debian", "npm"] }],
    ["all namespaces", { dbNamespaces: "debian,all" }, { dbNamespaces: "all" }],
    ["statuses", { ignoreStatus: "will_not_fix,end_of_life" }, { ignoreStatus: ["will_not_fix", "end_of_life"] }],
  ];
  for (const [name, input, want] of cases) {
    it(name, () => {
      const got = parseScanOptions(input);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof ScanOptions], v, k);
    });
  }
});

describe("a bad option is one line naming the option, the value and what is allowed", () => {
  const allSeverities = severities.join(", ");
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["misspelt severity", { severity: "CRTICAL" }, new RegExp(`^invalid --severity: "CRTICAL" is not one of ${allSeverities}$`)],
    ["one bad item of a list", { severity: "HIGH,HGH" }, /^invalid --severity: "HGH" is not one of CRITICAL/],
    ["empty severity list", { severity: "" }, /^invalid --severity: "" is an empty list; use one or more of CRITICAL/],
    ["empty scanner list", { scanners: " , " }, /^invalid --scanners: " , " is an empty list; use one or more of vuln, secret, misconfig, license$/],
    ["misspelt scanner", { scanners: "vuln,secrets" }, /^invalid --scanners: "secrets" is not one of vuln, secret, misconfig, license$/],
    ["misspelt package class", { pkgTypes: "foo" }, /^invalid --pkgTypes: "foo" is not one of os, library$/],
    ["misspelt status", { ignoreStatus: "foo" }, /^invalid --ignoreStatus: "foo" is not one of fixed, affected, under_investigation, will_not_fix/],
    ["empty status list", { ignoreStatus: "" }, /^invalid --ignoreStatus: "" is an empty list/],
    ["sort", { sort: "nosuch" }, /^invalid --sort: "nosuch" is not one of severity, risk, package$/],
    ["group-by", { groupBy: "nosuch" }, /^invalid --groupBy: "nosuch" is not one of target, layer$/],
    ["format", { format: ["json", "nope=x.txt"] }, new RegExp(`^invalid --format: "nope" is not one of ${reportFormats.join(", ")}$`)],
    ["exit code too big", { exitCode: "300" }, /^invalid --exitCode: "300" is out of range \(0 to 255\)$/],
    ["negative exit code", { exitCode: -1 }, /^invalid --exitCode: -1 is out of range \(0 to 255\)$/],
    ["exit code not a number", { exitCode: "one" }, /^invalid --exitCode: "one" is not a whole number$/],
    ["exit code not whole", { exitCode: 1.5 }, /^invalid --exitCode: 1.5 is not a whole number$/],
    ["zero entries", { maxLayerEntries: "0" }, /^invalid --maxLayerEntries: "0" is less than 1$/],
    ["zero bytes", { maxLayerBytes: "0" }, /^invalid --maxLayerBytes: "0" is not a size of at least 1 byte$/],
    ["duration", { timeout: "5 minutes" }, /^invalid --timeout: "5 minutes" is not a duration such as 90s, 5m or 1h$/],
    ["boolean", { insecure: "maybe" }, /^invalid --insecure: "maybe" is not a boolean \(true or false\)$/],
    ["platform", { platform: "linux" }, /^invalid --platform: "linux" is not os\/arch\[\/variant\]/],
    ["a map where text goes", { ignorefile: { a: 1 } }, /^invalid --ignorefile: \{"a":1\} is not a string$/],
    ["a map where a list goes", { vex: { a: 1 } }, /^invalid --vex: \{"a":1\} is not a list of strings$/],
    ["a password is never shown", { password: ["x"] }, /^invalid --password: \(hidden\) is not a string$/],
    ["unknown key with a suggestion", { severty: "HIGH" }, /^unknown option "severty" \(did you mean "severity"\?\)$/],
    ["unknown key without one", { colour: true }, /^unknown option "colour"$/],
  ];
  for (const [name, input, re] of cases) it(name, () => assert.match(failure(input), re));

  it("several bad values: all of them, still one line", () => {
    assert.match(failure({ sort: "x", exitCode: 999 }), /^invalid --sort: "x" .*; invalid --exitCode: 999 /);
  });

  it("not an object at all", () => assert.match(failure(null), /^invalid options: /));
});

describe("the schema is the whole vocabulary", () => {
  it("every option has a field and nothing else is accepted", () => {
    for (const key of Object.keys(scanOptionShape)) assert.doesNotThrow(() => parseScanOptions({ [key]: undefined }), key);
  });
});
