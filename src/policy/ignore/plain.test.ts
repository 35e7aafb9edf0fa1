import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { loadIgnoreFile, parseIgnore } from "./load.js";
import { parsePlainIgnore } from "./plain.js";

const testdata = join(import.meta.dirname, "testdata");

describe("plain .dredgeignore", () => {
  it("reads IDs, expiry, path scopes and reasons with their line numbers", () => {
    const file = join(testdata, "dredgeignore");
    const rules = loadIgnoreFile(file);
    assert.deepEqual(rules.sources, [file]);
    assert.deepEqual(
      rules.rules.map((r) => [r.id, r.line, r.expires, r.paths, r.reason, r.category]),
      [
        ["CVE-2023-32681", 4, "2027-01-31", undefined, undefined, undefined],
        ["CVE-2020-8203", 7, undefined, ["srv/app/**"], "only the frontend bundle", undefined],
        ["AVD-DS-0002", 10, "2025-06-30", undefined, undefined, undefined],
        ["aws-access-key-id", 13, undefined, ["/srv/app/test/fixtures/**"], undefined, undefined],
      ],
    );
  });

  it("reads purl and package fields, CRLF line ends and a BOM", () => {
    const text = "\uFEFFGHSA-p6mc-m468-83gw purl:pkg:npm/lodash@4.17.15 package:lodash\r\nRHSA-2023:5455\r\n";
    const { rules } = parsePlainIgnore(text, ".dredgeignore");
    assert.equal(rules.length, 2);
    assert.deepEqual(rules[0]?.purls, ["pkg:npm/lodash@4.17.15"]);
    assert.deepEqual(rules[0]?.packages, ["lodash"]);
    assert.equal(rules[1]?.id, "RHSA-2023:5455");
  });

  it("keeps '#' inside a purl (subpath) and treats ' #' as the start of the reason", () => {
    const { rules } = parsePlainIgnore("CVE-2020-8203 purl:pkg:npm/lodash#dist # vendored copy\n", "f");
    assert.deepEqual(rules[0]?.purls, ["pkg:npm/lodash#dist"]);
    assert.equal(rules[0]?.reason, "vendored copy");
  });

  const bad: [string, string, RegExp][] = [
    ["invalid month", "CVE-2023-32681\nCVE-2020-8203 exp:2026-13-01\n", /f:2: invalid expiry date "2026-13-01"/],
    ["30 February", "CVE-2020-8203 exp:2026-02-30", /f:1: invalid expiry date/],
    ["unknown field", "\n\nCVE-2020-8203 expires:2026-01-01", /f:3: unknown field "expires"/],
    ["field without value", "CVE-2020-8203 path:", /f:1: field "path:" has no value/],
    ["purl without pkg:", "CVE-2020-8203 purl:npm/lodash", /f:1: purl "npm\/lodash" does not start with pkg:/],
    ["invalid ID", "*CVE-2020-8203", /f:1: invalid ID "\*CVE-2020-8203"/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name} with INVALID_CONFIG naming file and line`, () => {
      assert.throws(() => parsePlainIgnore(text, "f"), (err: unknown) => isDredgeError(err, "INVALID_CONFIG") && message.test(err.message));
    });
  }

  it("names the file and line of a bad line in a file on disk", () => {
    const file = join(testdata, "bad-expiry.dredgeignore");
    assert.throws(() => loadIgnoreFile(file), (err: unknown) => isDredgeError(err, "INVALID_CONFIG") && err.message.startsWith(`${file}:3: `));
  });

  it("reports a missing file as IO_ERROR naming it", () => {
    const file = join(testdata, "does-not-exist");
    assert.throws(() => loadIgnoreFile(file), (err: unknown) => isDredgeError(err, "IO_ERROR") && err.message.includes(file));
  });

  it("reads plain text even when the file is named .yaml-less and the content has no YAML sections", () => {
    assert.equal(parseIgnore("CVE-2023-32681\n", ".trivyignore").rules.length, 1);
  });
});
