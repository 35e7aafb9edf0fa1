import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { isDredgeError } from "../../errors.js";
import { MAX_FINDINGS_PER_FILE, compileRuleSet, maskSecret, secretAnalyzer, scanImageMetadataSecrets, scanText, secretRuleSet } from "./index.js";
import type { ImageConfig } from "../../model/image.js";

const rules = secretRuleSet();
const set = compileRuleSet(rules);
const scan = (text: string, path = "/app/config.txt") => scanText(path, Buffer.from(text), set);
const ids = (text: string, path?: string) => scan(text, path).map((f) => f.ruleId);
/** Deterministic pseudo-random alphanumerics (tokens must look random, tests must be reproducible). */
const alnum = (n: number, seed: string) => {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let x = [...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 2166136261);
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out += abc[(x >>> 16) % abc.length];
  }
  return out;
};

describe("built-in secret rules", () => {
  const cases: [string, string, string?][] = [
    ["aws-access-key-id", "key = AKIAIOSFODNN7EXAMPLE\n"],
    ["aws-secret-access-key", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"],
    ["gcp-service-account", `{"type": "service_account", "private_key_id": "${"0123456789abcdef".repeat(2)}01234567"}`],
    ["azure-storage-connection-string", `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${alnum(86, "az")}==;EndpointSuffix=core.windows.net`],
    ["azure-sas-connection-string", `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${alnum(43, "sb")}=`],
    ["github-token", `GITHUB_TOKEN=ghp_${alnum(36, "gh")}`],
    ["github-fine-grained-pat", `token: github_pat_${alnum(82, "fg")}`],
    ["gitlab-token", `export TOKEN=glpat-${alnum(20, "gl")}`],
    ["slack-token", `SLACK=xoxb-123456789012-1234567890123-${alnum(24, "sl")}`],
    ["slack-webhook", `url = "https://hooks.slack.com/services/T0123ABCD/B0123ABCD/${alnum(24, "wh")}"`],
    ["stripe-secret-key", `stripe.api_key = "sk_live_${alnum(24, "st")}"`],
    ["npm-access-token", `NPM=npm_${alnum(36, "np")}`],
    ["npmrc-auth", `//registry.npmjs.org/:_authToken=${alnum(30, "rc")}\n`, "/root/.npmrc"],
    ["pypi-token", `password = pypi-AgEIcHlwaS5vcmc${alnum(60, "py")}`],
    ["pypirc-password", `[pypi]\nusername = me\npassword = ${alnum(20, "pr")}\n`, "/home/me/.pypirc"],
    ["docker-config-auth", `{"auths": {"ghcr.io": {"auth": "${Buffer.from("me:" + alnum(20, "dc")).toString("base64")}"}}}`, "/root/.docker/config.json"],
    ["jwt", `Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.${alnum(43, "jw")}`],
    ["generic-secret-assignment", `db_password = "${alnum(24, "ge")}"`],
  ];
  for (const [id, text, path] of cases) {
    it(`${id} fires, masked`, () => {
      const found = scan(text, path);
      assert.ok(found.some((f) => f.ruleId === id), `${id} not in ${JSON.stringify(found.map((f) => f.ruleId))}`);
      for (const f of found) assert.ok(!text.includes(f.match) || f.match.includes("*"), `unmasked: ${f.match}`);
    });
  }

  it("private keys of every kind (PEM from node:crypto)", () => {
    for (const type of ["rsa", "ec"] as const) {
      const { privateKey } = type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-256" });
      for (const fmt of [type === "rsa" ? "pkcs1" : "sec1", "pkcs8"] as const) {
        const pem = privateKey.export({ type: fmt, format: "pem" }).toString();
        const f = scan(`# key\n${pem}`);
        assert.equal(f.length, 1, `${type}/${fmt}`);
        assert.equal(f[0]!.ruleId, "private-key");
        assert.equal(f[0]!.startLine, 2);
        assert.ok(f[0]!.endLine! > 4);
        assert.ok(!f[0]!.match.includes(pem.split("\n")[1]!));
      }
    }
  });

  it("the same key escaped inside JSON (a GCP service-account file) is found", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const ids2 = ids(JSON.stringify({ type: "service_account", private_key: pem }));
    assert.deepEqual(ids2, ["private-key"]);
  });

  it("reports line numbers", () => {
    const f = scan("a\nb\n\nkey = AKIAIOSFODNN7EXAMPLE\n");
    assert.equal(f[0]?.startLine, 4);
    assert.equal(f[0]?.match, "key = AKIA****************");
  });

  it("does not fire on look-alikes", () => {
    assert.deepEqual(ids("AKIAIOSFODNN7EXAMPLEX and AKIA1234 and ghp_short"), []);
    assert.deepEqual(ids('password = "changeme-please-123"\napi_key = "${API_KEY}"\npassword: "aaaaaaaaaaaaaaaaaaaa"'), []);
    assert.deepEqual(ids("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"), []);
    assert.deepEqual(ids("_authToken=${NPM_TOKEN}", "/app/.npmrc"), []);
    assert.deepEqual(ids(`_authToken=${alnum(30, "x")}`, "/app/notes.txt"), [], "path-restricted rule outside its path");
  });

  it("skips binary and oversized files", () => {
    const text = "key = AKIAIOSFODNN7EXAMPLE\n";
    assert.equal(scanText("/x", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(text)]), set).length, 0);
    const small = compileRuleSet({ ...rules, maxFileSize: 10 });
    assert.equal(scanText("/x", Buffer.from(text), small).length, 0);
    assert.equal(scanText("/x", Buffer.from(text), set).length, 1);
  });
});

describe("hostile input", () => {
  const cases: Record<string, string> = {
    "one long line": "a".repeat(4e6),
    "keywords everywhere": 'password = "'.repeat(3e5),
    "BEGIN without END": "-----BEGIN RSA PRIVATE KEY-----\n".repeat(1e5),
    "token-like runs": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.".repeat(1e5),
    "assignment prefixes": "aws_secret_access_key = ".repeat(1.5e5),
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name} (${(text.length / 1e6).toFixed(1)} MB) is scanned in bounded time, at most ${MAX_FINDINGS_PER_FILE} findings`, () => {
      const t0 = performance.now();
      const f = scanText("/hostile", Buffer.from(text), set);
      assert.ok(performance.now() - t0 < 5000, `${name} took ${performance.now() - t0} ms`);
      assert.ok(f.length <= MAX_FINDINGS_PER_FILE);
    });
  }
});

describe("masking", () => {
  it("keeps at most 4 characters, fewer for short secrets", () => {
    assert.equal(maskSecret("AKIAIOSFODNN7EXAMPLE"), "AKIA****************");
    assert.equal(maskSecret("abcdefgh"), "ab******");
    assert.equal(maskSecret("abc"), "****");
  });
});

describe("secret configuration", () => {
  it("custom rules, allow rules and disabled rules", () => {
    const cfg = secretRuleSet({
      rules: [{ id: "acme-key", title: "ACME key", regex: "acme_(?<secret>[a-z0-9]{12})", keywords: ["acme_"], severity: "LOW" }],
      allowRules: [{ id: "fixtures", path: "^/srv/fixtures/" }, { id: "known", regex: "AKIAIOSFODNN7EXAMPLE" }],
      disableRules: ["jwt"],
    });
    const c = compileRuleSet(cfg);
    const f = scanText("/srv/app/x", Buffer.from("k=acme_abcdef123456\n"), c);
    assert.deepEqual(f.map((x) => [x.ruleId, x.severity, x.category]), [["acme-key", "LOW", "Custom"]]);
    assert.equal(scanText("/srv/fixtures/x", Buffer.from("k=acme_abcdef123456\n"), c).length, 0);
    assert.equal(scanText("/srv/app/y", Buffer.from("AKIAIOSFODNN7EXAMPLE"), c).length, 0);
    assert.ok(!cfg.rules.some((r) => r.id === "jwt"));
  });

  it("the analyzer version (cache key) changes with the rule set", () => {
    const a = secretAnalyzer(secretRuleSet()).version;
    assert.equal(secretAnalyzer(secretRuleSet()).version, a);
    assert.notEqual(secretAnalyzer(secretRuleSet({ disableRules: ["jwt"] })).version, a);
    assert.notEqual(secretAnalyzer(secretRuleSet({ allowRules: [{ id: "x", path: "^/x/" }] })).version, a);
    const an = secretAnalyzer(secretRuleSet());
    assert.equal(an.wants("/usr/lib/x86_64-linux-gnu/libc.so.6", { path: "", type: "file", size: 10, mode: 0o644, uid: 0, gid: 0 }), false);
    assert.equal(an.wants("/app/.env", { path: "", type: "file", size: 10, mode: 0o644, uid: 0, gid: 0 }), true);
    assert.equal(an.wants("/app/big.txt", { path: "", type: "file", size: 11 * 1024 * 1024, mode: 0o644, uid: 0, gid: 0 }), false);
  });

  it("bad config is an INVALID_CONFIG error naming the rule", () => {
    assert.throws(() => secretRuleSet({ rules: [{ id: "bad", title: "t", regex: "(" }] }, "dredge.yaml"), (e) => isDredgeError(e, "INVALID_CONFIG") && /dredge.yaml.*rule bad/.test(e.message));
    assert.throws(() => secretRuleSet({ rules: [{ id: "nogroup", title: "t", regex: "abc" }] }), (e) => isDredgeError(e, "INVALID_CONFIG") && /secret/.test(e.message));
    assert.throws(() => secretRuleSet({ rules: [{ id: "x" }] }), (e) => isDredgeError(e, "INVALID_CONFIG") && /rules\.0\.title/.test(e.message));
  });
});

describe("image config secrets", () => {
  it("ENV, labels and history commands", () => {
    const config: ImageConfig = {
      architecture: "amd64", os: "linux", env: ["PATH=/usr/bin", `GH_TOKEN=ghp_${alnum(36, "env")}`], exposedPorts: [], volumes: [],
      labels: { "com.example.slack": `xoxb-123456789012-1234567890123-${alnum(24, "lb")}` }, diffIds: [],
      history: [{ createdBy: "/bin/sh -c echo AKIAIOSFODNN7EXAMPLE > /x", emptyLayer: false }],
    };
    const f = scanImageMetadataSecrets(config, rules);
    assert.deepEqual(f.map((x) => [x.path, x.ruleId, x.startLine]), [
      ["image config: env", "github-token", 2],
      ["image config: labels", "slack-token", 1],
      ["image config: history[0]", "aws-access-key-id", 1],
    ]);
    assert.ok(f.every((x) => x.match.includes("*")));
  });
});
