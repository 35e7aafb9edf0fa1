import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ValidatingWebhookConfiguration } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration";
import { parse } from "yaml";
import { runCli } from "../helpers/cli.js";

type Webhook = {
  sideEffects: string; admissionReviewVersions: string[]; timeoutSeconds: number; failurePolicy: string;
  clientConfig: { caBundle: string; service: { namespace: string; name: string; path: string; port: number } };
  rules: { resources: string[] }[]; namespaceSelector: { matchExpressions: { values: string[] }[] };
};

describe("dredge admission manifest", () => {
  it("prints a ValidatingWebhookConfiguration that kubernetes-models validates, with the CA bundle and the exempt namespaces", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dredge-manifest-"));
    try {
      const cert = join(dir, "ca.crt");
      execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=ca", "-keyout", join(dir, "ca.key"), "-out", cert], { stdio: "ignore" });
      const r = await runCli(["admission", "manifest", "--namespace", "dredge", "--service", "dredge-webhook", "--ca-file", cert, "--port", "8443"]);
      assert.equal(r.code, 0, r.stderr);
      const doc = parse(r.stdout) as { webhooks: Webhook[] };
      new ValidatingWebhookConfiguration(doc as never).validate();
      const hook = doc.webhooks[0]!;
      assert.equal(hook.sideEffects, "None");
      assert.deepEqual(hook.admissionReviewVersions, ["v1"]);
      assert.equal(hook.failurePolicy, "Fail");
      assert.ok(hook.timeoutSeconds >= 1 && hook.timeoutSeconds <= 30);
      assert.equal(Buffer.from(hook.clientConfig.caBundle, "base64").toString("utf8"), await readFile(cert, "utf8"));
      assert.deepEqual(hook.clientConfig.service, { namespace: "dredge", name: "dredge-webhook", path: "/admission/v1/validate", port: 8443 });
      const resources = hook.rules.flatMap((x) => x.resources).sort();
      assert.deepEqual(resources, ["cronjobs", "daemonsets", "deployments", "jobs", "pods", "pods/ephemeralcontainers", "replicasets", "replicationcontrollers", "statefulsets"]);
      assert.deepEqual(hook.namespaceSelector.matchExpressions[0]!.values, ["kube-system", "kube-node-lease", "dredge"]);

      const bad = await runCli(["admission", "manifest", "--namespace", "dredge", "--service", "s", "--ca-file", join(dir, "ca.key")]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--ca-file/);
      const noCert = await runCli(["server", "--database", join(dir, "x.db"), "--admission-listen", "127.0.0.1:0"]);
      assert.equal(noCert.code, 2);
      assert.match(noCert.stderr, /--admission-listen needs --admission-tls-cert/);
      const badMode = await runCli(["server", "--database", join(dir, "x.db"), "--admission-listen", "127.0.0.1:0", "--admission-tls-cert", cert, "--admission-tls-key", join(dir, "ca.key"), "--admission-namespace-mode", "team=block"]);
      assert.equal(badMode.code, 2);
      assert.match(badMode.stderr, /not one of enforce, known, audit/);
      const listen = ["server", "--database", join(dir, "x.db"), "--admission-listen", "127.0.0.1:0", "--admission-tls-cert", cert, "--admission-tls-key", join(dir, "ca.key")];
      for (const [n, message] of [["0", /invalid --admission-processes: "0" is not a whole number ≥ 1/], ["65", /invalid --admission-processes: 65 is more than 64/], ["2x", /not a whole number/]] as const) {
        const r = await runCli([...listen, "--admission-processes", n]);
        assert.equal(r.code, 2, n);
        assert.match(r.stderr, message);
      }
      const alone = await runCli(["server", "--database", join(dir, "x.db"), "--admission-processes", "2"]);
      assert.equal(alone.code, 2);
      assert.match(alone.stderr, /--admission-processes needs --admission-listen/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
