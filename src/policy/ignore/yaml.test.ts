import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { isYamlIgnore, loadIgnoreFile, parseIgnore } from "./load.js";

const testdata = join(import.meta.dirname, "testdata");

describe("YAML .dredgeignore.yaml", () => {
  it("reads every section with scopes, expiry, reasons and entry lines", () => {
    const file = join(testdata, "dredgeignore.yaml");
    const { rules } = loadIgnoreFile(file);
    assert.deepEqual(
      rules.map((r) => ({ id: r.id, category: r.category, line: r.line })),
      [
        { id: "CVE-2023-32681", category: "vulnerabilities", line: 3 },
        { id: "GHSA-p6mc-m468-83gw", category: "vulnerabilities", line: 8 },
        { id: "CVE-2021-23337", category: "vulnerabilities", line: 13 },
        { id: "AVD-DS-0002", category: "misconfigurations", line: 17 },
        { id: "aws-access-key-id", category: "secrets", line: 21 },
        { id: "GPL-3.0-only", category: "licenses", line: 25 },
      ],
    );
    const [requests, lodash, template] = rules;
    assert.deepEqual(requests?.purls, ["pkg:pypi/requests@2.25.1"]);
    assert.equal(requests?.expires, "2027-01-31");
    assert.equal(requests?.reason, "requests only talks to internal services without a proxy");
    assert.deepEqual(lodash?.packages, ["lodash"]);
    assert.deepEqual(lodash?.paths, ["srv/app/node_modules/**"]);
    // Trivy's key names
    assert.equal(template?.expires, "2025-03-01");
    assert.equal(template?.reason, "template() input is trusted");
  });

  it("detects YAML by name or by a top-level section key", () => {
    assert.equal(isYamlIgnore(".dredgeignore.yml", ""), true);
    assert.equal(isYamlIgnore(".dredgeignore", "# x\nsecrets:\n  - id: aws-access-key-id\n"), true);
    assert.equal(isYamlIgnore(".dredgeignore", "CVE-2023-32681\n"), false);
    assert.equal(parseIgnore("secrets:\n  - id: aws-access-key-id\n", ".dredgeignore").rules[0]?.category, "secrets");
  });

  it("accepts an empty file and empty sections", () => {
    assert.deepEqual(parseIgnore("", "x.yaml").rules, []);
    assert.deepEqual(parseIgnore("vulnerabilities:\nsecrets: []\n", "x.yaml").rules, []);
  });

  const bad: [string, string, RegExp][] = [
    ["bad-key.dredgeignore.yaml", "an unknown key (typo of paths)", /bad-key\.dredgeignore\.yaml:5: invalid ignore entry at vulnerabilities\.1: Unrecognized key: "path"/],
    ["bad-syntax.dredgeignore.yaml", "broken flow sequence", /bad-syntax\.dredgeignore\.yaml:\d+: invalid YAML: /],
    ["alias-bomb.dredgeignore.yaml", "an alias bomb", /alias-bomb\.dredgeignore\.yaml:1: invalid YAML: .*[Ee]xcessive alias count/],
  ];
  for (const [name, what, message] of bad) {
    it(`rejects ${what} with INVALID_CONFIG naming file and line`, () => {
      assert.throws(() => loadIgnoreFile(join(testdata, name)), (err: unknown) => isDredgeError(err, "INVALID_CONFIG") && message.test(err.message));
    });
  }

  const inline: [string, string, RegExp][] = [
    ["a bad expiry date", "vulnerabilities:\n  - id: CVE-2023-32681\n    expires: 2026-02-30\n", /x\.yaml:3: .*vulnerabilities\.0\.expires: must be a date in YYYY-MM-DD form/],
    ["a non-list section", "vulnerabilities:\n  id: CVE-2023-32681\n", /x\.yaml:2: .*at vulnerabilities/],
    ["an unknown section", "vulnerabilities: []\nimages:\n  - id: x\n", /x\.yaml:2: invalid ignore entry: Unrecognized key: "images"/],
    ["a purl without pkg:", "vulnerabilities:\n  - id: CVE-2020-8203\n    purls: [npm/lodash]\n", /x\.yaml:3: .*must be a purl/],
    ["a numeric ID", "vulnerabilities:\n  - id: 2023\n", /x\.yaml:2: .*vulnerabilities\.0\.id/],
    ["a duplicate key", "vulnerabilities: []\nvulnerabilities: []\n", /x\.yaml:2: invalid YAML: Map keys must be unique/],
  ];
  for (const [what, text, message] of inline) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseIgnore(text, "x.yaml"), (err: unknown) => isDredgeError(err, "INVALID_CONFIG") && message.test(err.message));
    });
  }
});
