/** The three real Anchore bundles (../shared/fixtures/policies/anchore/): every rule converted or listed, the output a valid policy. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { fixturesDir } from "../../../test/helpers/images.js";
import { checkPolicy } from "../document/load.js";
import { importAnchoreBundle } from "./import.js";

const dir = join(fixturesDir, "policies", "anchore");
const bundles = ["anchore_default_bundle.json", "bundle-with-all-rules-2020-08-20.json", "multi_policy.json"];

interface RawBundle { policies: { rules: { gate: string; trigger: string; action: string; params: { name: string; value: string }[] }[] }[] }
const read = (f: string): RawBundle => JSON.parse(readFileSync(join(dir, f), "utf8")) as RawBundle;

describe("dredge policy import (Anchore bundles)", () => {
  for (const f of bundles) {
    it(`${f}: every rule is converted or listed, and the result is a valid Dredge policy`, () => {
      const raw = read(f);
      const r = importAnchoreBundle(raw);
      const total = raw.policies.reduce((n, p) => n + p.rules.length, 0);
      const listedRules = r.unconverted.filter((u) => /^policies\[\d+\]\.rules\[\d+\]$/.test(u.where));
      assert.equal(r.converted + listedRules.length, total, JSON.stringify(r.unconverted, null, 1));
      for (const u of r.unconverted) assert.ok(u.reason.length > 0 && u.what.length > 0);
      const { problems, policy } = checkPolicy(stringify(r.document), f);
      assert.deepEqual(problems, []);
      assert.ok(policy);
    });
  }

  it("the default bundle converts whole: ports, healthcheck, feed age, data gaps and both severity rules", () => {
    const r = importAnchoreBundle(read("anchore_default_bundle.json"));
    assert.deepEqual(r.unconverted, []);
    const policy = checkPolicy(stringify(r.document), "b").policy!;
    const rules = policy.document.policies[0]!.rules.map((x) => [x.gate, x.trigger, x.action, x.params]);
    assert.deepEqual(rules, [
      ["image-config", "exposed-ports", "STOP", { deny: ["22"] }],
      ["image-config", "no-healthcheck", "WARN", {}],
      ["vulnerabilities", "stale-database", "WARN", { days: 2 }],
      ["vulnerabilities", "data-unavailable", "WARN", {}],
      // severity = medium → the band MEDIUM..MEDIUM; severity > medium → HIGH and above
      ["vulnerabilities", "severity", "WARN", { min: "MEDIUM", max: "MEDIUM" }],
      ["vulnerabilities", "severity", "STOP", { min: "HIGH" }],
    ]);
  });

  it("the all-rules bundle lists the gates Dredge has no counterpart for, and keeps its whitelisted image", () => {
    const raw = read("bundle-with-all-rules-2020-08-20.json");
    const r = importAnchoreBundle(raw);
    const gatesListed = new Set(r.unconverted.map((u) => u.what.split("/")[0]));
    for (const g of ["files", "malware", "passwd_file", "retrieved_files", "metadata"]) assert.ok(gatesListed.has(g), g);
    const images = r.document.images as { allow: { repository: string; tag: string }[] };
    assert.deepEqual(images.allow.map((i) => `${i.repository}:${i.tag}`), ["alpine:latest"]);
  });

  it("a mapping naming two policies gets one policy with both's rules", () => {
    const r = importAnchoreBundle(read("multi_policy.json"));
    const policy = checkPolicy(stringify(r.document), "m").policy!;
    const mapped = policy.document.policies.find((p) => p.id === policy.document.mappings[0]!.policy)!;
    assert.equal(mapped.id, "1+2");
    assert.equal(mapped.rules.length, r.converted);
    assert.match(r.unconverted[0]!.reason, /SHELL/);
  });

  it("refuses what is not a bundle", () => {
    assert.throws(() => importAnchoreBundle({ rules: [] }), /not an Anchore policy bundle/);
  });
});
