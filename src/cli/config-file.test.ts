import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isDredgeError } from "../errors.js";
import { loadConfigFile } from "./config-file.js";
import { allSettings } from "./scan-settings.js";

const dir = mkdtempSync(join(tmpdir(), "dredge-cfg-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const known = allSettings.map((s) => s.file);
let n = 0;

function load(yaml: string): Record<string, unknown> {
  const file = join(dir, `dredge-${n++}.yaml`);
  writeFileSync(file, yaml);
  return loadConfigFile(file, known);
}

describe("dredge.yaml keys", () => {
  it("flattens nested maps; the scanners' sections are not settings and stay out", () => {
    const yaml = "severity: [HIGH]\ndb:\n  max-age: 12h\n  repository: r\nsecret:\n  rules: []\nlicense:\n  severities: {}\n";
    assert.deepEqual(load(yaml), { severity: ["HIGH"], "db-max-age": "12h", "db-repository": "r" });
  });

  const unknown: [string, RegExp][] = [
    ["severty: HIGH\n", /^unknown key "severty" \(did you mean "severity"\?\) in .*\.yaml$/],
    ["db:\n  max-ag: 1h\n", /^unknown key "db-max-ag" \(did you mean "db-max-age"\?\) in /],
    ["colour: blue\nsecrets: {}\n", /^unknown keys "colour", "secrets" \(did you mean "secret"\?\) in /],
    ["licence:\n  severities:\n    strong-copyleft: HIGH\n", /^unknown key "licence" \(did you mean "license"\?\) in /],
    ["db:\n  max-age: {}\n  nope: {}\n", /^unknown key "db-nope" in /],
  ];
  it("a map under a setting's own key is a value for the schema to reject, not an unknown key", () => {
    assert.deepEqual(load("severity:\n  high: true\n"), { severity: { high: true } });
  });

  for (const [yaml, re] of unknown) {
    it(`refuses ${JSON.stringify(yaml)}`, () => {
      assert.throws(() => load(yaml), (err: unknown) => isDredgeError(err, "INVALID_CONFIG") && re.test(err.message));
    });
  }
});
