import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDredgeError } from "../../../errors.js";
import { listRules } from "../registry.js";
import { looksLikeKubernetes, scanKubernetes } from "./index.js";

const read = (name: string) => readFileSync(join(import.meta.dirname, "testdata", name));

describe("Kubernetes manifests", () => {
  it("a Deployment hardened to restricted has no findings", () => {
    assert.deepEqual(scanKubernetes("hardened-deployment.yaml", read("hardened-deployment.yaml")), []);
  });

  it("a privileged DaemonSet and a root CronJob: baseline and restricted findings with lines", () => {
    const f = scanKubernetes("privileged-daemonset.yaml", read("privileged-daemonset.yaml"));
    const got = f.map((x) => `${x.id}@${x.location?.startLine}`).sort();
    // Missing fields are reported at the container (or pod spec) they are missing from.
    assert.deepEqual(got, [
      "DRG-K8S-001@19", "DRG-K8S-002@16", "DRG-K8S-002@44", "DRG-K8S-003@16", "DRG-K8S-003@47", "DRG-K8S-004@16", "DRG-K8S-004@44",
      "DRG-K8S-005@13", "DRG-K8S-005@14", "DRG-K8S-006@30", "DRG-K8S-007@21", "DRG-K8S-008@21", "DRG-K8S-008@44", "DRG-K8S-009@16",
      "DRG-K8S-009@44", "DRG-K8S-010@17", "DRG-K8S-010@45", "DRG-K8S-011@17", "DRG-K8S-011@45", "DRG-K8S-012@13", "DRG-K8S-012@42",
      "DRG-K8S-013@16", "DRG-K8S-013@44", "DRG-K8S-014@24",
    ]);
    assert.match(f.find((x) => x.id === "DRG-K8S-001")!.message, /^DaemonSet\/node-agent \(namespace kube-system\): container "agent" is privileged/);
    assert.match(f.find((x) => x.id === "DRG-K8S-007")!.message, /SYS_ADMIN, NET_ADMIN/);
    assert.match(f.find((x) => x.id === "DRG-K8S-003" && x.location?.startLine === 47)!.message, /CronJob\/cleanup.*runs as user 0/);
  });

  it("every Kubernetes rule names its Pod Security Standards level where it has one", () => {
    const pss = Object.fromEntries(listRules("kubernetes").map((r) => [r.id, r.pss ?? "-"]));
    assert.equal(pss["DRG-K8S-001"], "baseline");
    assert.equal(pss["DRG-K8S-002"], "restricted");
    assert.equal(pss["DRG-K8S-009"], "-");
  });

  it("a billion-laughs YAML bomb fails clearly", () => {
    const levels = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"];
    for (let i = 1; i < 10; i++) {
      const p = String.fromCharCode(97 + i - 1);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${p}`).join(",")}]`);
    }
    const bomb = `apiVersion: v1\nkind: Pod\n${levels.join("\n")}\n`;
    const t0 = performance.now();
    assert.throws(() => scanKubernetes("bomb.yaml", bomb), (e) => isDredgeError(e, "LIMIT_EXCEEDED") && /bomb\.yaml: document 1: too many YAML alias expansions/.test(e.message));
    assert.ok(performance.now() - t0 < 2000);
  });

  it("invalid YAML, binary content, too many documents, oversize", () => {
    assert.throws(() => scanKubernetes("bad.yaml", "kind: Pod\nspec: [unclosed\n"), (e) => isDredgeError(e, "PARSE_ERROR") && /^bad\.yaml:\d+: invalid YAML/.test(e.message));
    assert.throws(() => scanKubernetes("bin.yaml", Buffer.from([1, 0, 2, 3])), (e) => isDredgeError(e, "PARSE_ERROR") && /bin\.yaml: not a YAML file/.test(e.message));
    assert.throws(() => scanKubernetes("many.yaml", "---\na: 1\n".repeat(1001)), (e) => isDredgeError(e, "LIMIT_EXCEEDED") && /1001 YAML documents/.test(e.message));
    assert.throws(() => scanKubernetes("big.yaml", "#".repeat(9 * 1024 * 1024)), (e) => isDredgeError(e, "LIMIT_EXCEEDED"));
  });

  it("deeply nested YAML is a clear LIMIT_EXCEEDED", () => {
    const deep = "apiVersion: v1\nkind: Pod\nspec:\n" + Array.from({ length: 3000 }, (_, i) => " ".repeat(i + 1) + "- ").join("\n") + "x\n";
    assert.throws(() => scanKubernetes("deep.yaml", deep), (e) => isDredgeError(e, "LIMIT_EXCEEDED") && /^deep\.yaml:\d+: YAML nested too deeply/.test(e.message));
  });

  it("non-workload kinds and List items", () => {
    assert.deepEqual(scanKubernetes("cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n"), []);
    assert.equal(looksLikeKubernetes(read("hardened-deployment.yaml")), true);
    assert.equal(looksLikeKubernetes("name: ci\non: push\n"), false);
    const list = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers:\n        - {name: c, image: nginx, securityContext: {privileged: true}}\n";
    assert.ok(scanKubernetes("list.yaml", list).some((f) => f.id === "DRG-K8S-001" && f.location?.startLine === 9));
  });
});

describe("rule registry", () => {
  it("ids are unique and every rule has its metadata", () => {
    const rules = listRules();
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
    for (const r of rules) {
      assert.match(r.id, /^DRG-(IMG|DF|K8S)-\d{3}$/);
      assert.ok(r.title && r.description && r.remediation && r.references.length > 0, r.id);
    }
    assert.deepEqual([...new Set(rules.map((r) => r.target))].sort(), ["dockerfile", "image", "kubernetes"]);
  });
});
