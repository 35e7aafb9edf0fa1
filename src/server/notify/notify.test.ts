import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backoffDelay } from "./deliver.js";
import { changeEventPayloadId } from "./ids.js";
import { globToRegExp, inScope, matchChange } from "./match.js";
import { signatureHeader, verifySignature } from "./sign.js";
import { defaultDeliverySettings, type Subscription } from "./types.js";
import type { ImageChange } from "../monitor/events.js";

describe("globs", () => {
  const table: [string, string, boolean][] = [
    ["team/*", "team/app", true],
    ["team/*", "team/sub/app", false],
    ["team/**", "team/sub/app", true],
    ["*.example.com", "registry.example.com", true],
    ["*.example.com", "example.com", false],
    ["v1.?", "v1.2", true],
    ["v1.?", "v1.22", false],
    ["a+b", "a+b", true],
    ["a+b", "aab", false],
    ["1.*", "1.25-bookworm", true],
  ];
  for (const [glob, value, want] of table) {
    it(`${glob} ${want ? "matches" : "does not match"} ${value}`, () => assert.equal(globToRegExp(glob).test(value), want));
  }
  it("scopes need one reference matching every dimension given", () => {
    const scope = { registries: ["ghcr.io"], repositories: ["org/*"], tags: ["v*"] };
    assert.equal(inScope(scope, ["ghcr.io/org/app:v1"]), true);
    assert.equal(inScope(scope, ["ghcr.io/org/app:latest", "docker.io/org/app:v1"]), false);
    assert.equal(inScope(scope, []), false);
    assert.equal(inScope(null, []), true);
    assert.equal(inScope({ registries: ["GHCR.io"] }, ["ghcr.io/x/y:1"]), true, "registries compare in lower case");
    assert.equal(inScope({ repositories: ["library/*"] }, ["nginx:1"]), true, "Docker Hub names are normalised");
  });
});

const sub = (extra: Partial<Subscription> = {}): Subscription => ({
  id: "s", name: "s", scope: null, minSeverity: "UNKNOWN", events: ["vulnerability.new", "vulnerability.resolved", "vulnerability.changed", "policy.changed"],
  kind: "webhook", url: "https://example.com", signed: false, enabled: true, createdAt: 0, updatedAt: 0, ...extra,
});

const f = (id: string, severity: "CRITICAL" | "LOW", before?: "CRITICAL") => ({
  id, pkgType: "deb", pkgName: "p", purl: "pkg:deb/debian/p@1", installed: "1", fixed: [], severity, status: "affected", kev: false, ...(before ? { before: { severity: before } } : {}),
});

const change = (extra: Partial<ImageChange> = {}): ImageChange => ({
  digest: "sha256:1", references: [], cause: "db-update", at: 0, dbVersion: "v2", new: [], resolved: [], changed: [],
  counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, NEGLIGIBLE: 0, UNKNOWN: 0 }, ...extra,
});

describe("matchChange", () => {
  it("counts findings at or above the minimum; a downgrade from above counts", () => {
    const m = matchChange(sub({ minSeverity: "HIGH" }), change({ new: [f("a", "LOW"), f("b", "CRITICAL")], changed: [f("c", "LOW", "CRITICAL")] }));
    assert.deepEqual(m?.types, ["vulnerability.new", "vulnerability.changed"]);
    assert.deepEqual(m?.new.map((x) => x.id), ["b"]);
    assert.equal(matchChange(sub({ minSeverity: "HIGH" }), change({ new: [f("a", "LOW")] })), undefined);
  });
  it("policy.changed only when a verdict moved (a first verdict is not a change)", () => {
    assert.equal(matchChange(sub(), change({ verdict: { after: "STOP" } })), undefined);
    assert.equal(matchChange(sub(), change({ verdict: { before: "STOP", after: "STOP" } })), undefined);
    assert.deepEqual(matchChange(sub(), change({ verdict: { before: "GO", after: "STOP" } }))?.types, ["policy.changed"]);
    assert.equal(matchChange(sub({ events: ["vulnerability.new"] }), change({ verdict: { before: "GO", after: "STOP" } })), undefined);
  });
  it("ids: the same change, in any order, has one id; another change or subscription another", () => {
    const a = change({ new: [f("a", "LOW"), f("b", "CRITICAL")] });
    const b = change({ new: [f("b", "CRITICAL"), f("a", "LOW")], at: 99 });
    assert.equal(changeEventPayloadId("s", a), changeEventPayloadId("s", b));
    assert.notEqual(changeEventPayloadId("s", a), changeEventPayloadId("t", a));
    assert.notEqual(changeEventPayloadId("s", a), changeEventPayloadId("s", change({ new: [f("a", "LOW")] })));
    assert.notEqual(changeEventPayloadId("s", a), changeEventPayloadId("s", { ...a, dbVersion: "v3" }));
  });
});

describe("backoff and signatures", () => {
  it("doubles from the base up to the cap, within the jitter", () => {
    const s = defaultDeliverySettings;
    assert.deepEqual([1, 2, 3, 8, 9, 40].map((n) => backoffDelay(n, s, () => 0.5)), [30_000, 60_000, 120_000, 3_600_000, 3_600_000, 3_600_000]);
    assert.equal(backoffDelay(1, s, () => 0), 24_000);
    assert.equal(backoffDelay(1, s, () => 1), 36_000);
  });
  it("verifies the body and time it signed; refuses altered bodies, other keys and stale timestamps", () => {
    const h = signatureHeader("k".repeat(20), '{"a":1}', 1_700_000_000);
    assert.equal(verifySignature("k".repeat(20), h, '{"a":1}', 1_700_000_100), true);
    assert.equal(verifySignature("k".repeat(20), h, '{"a":2}', 1_700_000_100), false);
    assert.equal(verifySignature("x".repeat(20), h, '{"a":1}', 1_700_000_100), false);
    assert.equal(verifySignature("k".repeat(20), h, '{"a":1}', 1_700_000_301), false, "older than 5 minutes");
    assert.equal(verifySignature("k".repeat(20), "t=1700000000,v1=zz", '{"a":1}', 1_700_000_000), false);
  });
});
