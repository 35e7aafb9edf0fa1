import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { checkPolicy, parsePolicy } from "./load.js";

const yaml = `version: 1
grace: { days: 7 }
rules:
  - id: high
    gate: vulnerabilities
    trigger: severity
    params: { min: high }
    action: stop
allowlist:
  - { id: CVE-2020-8203, package: lodash, reason: not reachable, expires: 2027-01-31 }
`;

describe("policy file", () => {
  it("reads the short form into one policy, one allowlist and a catch-all mapping", () => {
    const p = parsePolicy(yaml, "p.yaml");
    const d = p.document;
    assert.deepEqual(d.policies.map((x) => [x.id, x.grace?.days, x.rules.map((r) => [r.id, r.action, r.params])]), [["default", 7, [["high", "STOP", { min: "HIGH" }]]]]);
    assert.deepEqual(d.allowlists.map((a) => [a.id, a.items.length]), [["default", 1]]);
    assert.deepEqual(d.mappings, [{ registry: "*", repository: "*", tag: "*", policy: "default", allowlists: ["default"] }]);
    assert.match(p.revision, /^sha256:[0-9a-f]{64}$/);
  });

  it("has the same revision written as JSON or re-indented, another one when a value changes", () => {
    const a = parsePolicy(yaml, "p.yaml").revision;
    const json = JSON.stringify({
      rules: [{ action: "stop", params: { min: "high" }, trigger: "severity", gate: "vulnerabilities", id: "high" }],
      version: 1, grace: { days: 7 },
      allowlist: [{ id: "CVE-2020-8203", package: "lodash", reason: "not reachable", expires: "2027-01-31" }],
    }, null, 4);
    assert.equal(parsePolicy(json, "p.json").revision, a);
    assert.notEqual(parsePolicy(yaml.replace("days: 7", "days: 8"), "p.yaml").revision, a);
  });

  it("reports every problem with its line and column", () => {
    const bad = `version: 1
rules:
  - gate: vulnerabilites
    trigger: kev
    action: STOP
  - gate: image-config
    trigger: exposed-ports
    params:
      deny: [22]
      colour: red
    action: STOP
  - gate: vulnerabilities
    trigger: epss
    params: { min: 2 }
    action: WARN
  - { gate: image-config, trigger: root-user, action: MAYBE }
allowlist:
  - { id: CVE-1, reason: x, expires: 2026-02-30 }
`;
    const { problems, policy } = checkPolicy(bad, "bad.yaml");
    assert.equal(policy, undefined);
    const at = problems.map((p) => `${p.line}:${p.column} ${p.path}`);
    assert.deepEqual(at.sort(), ["10:7 rules.1.params.colour", "14:20 rules.2.params.min", "16:55 rules.3.action", "18:38 allowlist.0.expires", "3:11 rules.0.gate"].sort());
    assert.match(problems.find((p) => p.path === "rules.0.gate")!.message, /did you mean "vulnerabilities"/);
  });

  it("refuses unknown versions, dangling mapping references, duplicate keys and YAML errors", () => {
    const cases: [string, RegExp][] = [
      ["version: 2\nrules: []\n", /version/],
      ["version: 1\npolicies: [{ id: a, rules: [] }]\nmappings: [{ policy: b }]\n", /names no policy of this file: "b"/],
      ["version: 1\npolicies: [{ id: a, rules: [] }, { id: b, rules: [] }]\n", /several policies need mappings/],
      ["version: 1\nversion: 1\nrules: []\n", /unique|duplicate/i],
      ["version: 1\nrules: [\n", /.+/],
    ];
    for (const [text, want] of cases) {
      assert.throws(() => parsePolicy(text, "x.yaml"), (e: unknown) => isDredgeError(e, "INVALID_CONFIG") && want.test(e.message) && /x\.yaml:\d+:\d+/.test(e.message), text);
    }
  });
});
