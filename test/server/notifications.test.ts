/**
 * Notifications end to end, on SQLite and PostgreSQL: subscriptions through the API, synthetic image changes
 * through the outbox listener inside a transaction, delivery to loopback receivers that verify signatures and
 * count deliveries, retries on an injectable clock, dead letters and redelivery, the formats, the test
 * endpoint, auth, and real scans producing scan.completed / scan.failed.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { Severity } from "../../src/model/finding.js";
import type { ChangedFinding, ImageChange } from "../../src/server/monitor/events.js";
import type { NotificationEvent } from "../../src/server/notify/payload.js";
import { defaultDeliverySettings } from "../../src/server/notify/types.js";
import { fixturesDir, testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan, type Api, type TestServer } from "./harness.js";
import { startReceiver, until, type Receiver } from "./notify-receiver.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const SECRET = "a-receiver-secret-0123456789";
const BASE = defaultDeliverySettings.baseDelayMs;

function finding(id: string, severity: Severity, extra: Partial<ChangedFinding> = {}): ChangedFinding {
  return { id, pkgType: "deb", pkgName: `pkg-${id.toLowerCase()}`, purl: `pkg:deb/debian/pkg-${id.toLowerCase()}@1.0`, installed: "1.0", fixed: ["1.1"], severity, status: "fixed", kev: false, ...extra };
}

const counts = (c: number, h: number): Record<Severity, number> => ({ CRITICAL: c, HIGH: h, MEDIUM: 0, LOW: 2, NEGLIGIBLE: 0, UNKNOWN: 0 });

let serial = 0;
function change(repo: string, at: number, extra: Partial<ImageChange> = {}): ImageChange {
  serial++;
  return {
    digest: `sha256:${serial.toString(16).padStart(64, "0")}`,
    references: [`registry.example.com/${repo}:1.${serial}`],
    cause: "db-update",
    at,
    dbVersion: "2026-12-07T10:00:00Z",
    previousDbVersion: "2026-12-06T10:00:00Z",
    new: [finding("CVE-2024-0001", "CRITICAL", { kev: true }), finding("CVE-2024-0002", "LOW"), ...Array.from({ length: 14 }, (_, i) => finding(`CVE-2024-1${i.toString().padStart(3, "0")}`, "HIGH"))],
    resolved: [finding("CVE-2023-0009", "HIGH")],
    changed: [finding("CVE-2022-0100", "MEDIUM", { kinds: ["severity"], before: { severity: "CRITICAL" } })],
    verdict: { before: "GO", after: "STOP" },
    counts: counts(1, 14),
    ...extra,
  };
}

interface Env {
  server: TestServer;
  admin: Api;
  reader: Api;
  receiver: Receiver;
  clock: { t: number };
}

async function subscribe(env: Env, body: Record<string, unknown>): Promise<{ id: string; signed: boolean }> {
  const res = await env.admin("POST", "/subscriptions", body);
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { id: string; signed: boolean };
}

async function emit(env: Env, c: ImageChange): Promise<void> {
  await env.server.db.tx((q) => env.server.notifications.listeners.change(q, c));
}

interface Listed {
  items: { id: string; state: string; attempts: number; type: string; nextAttemptAt: number | null; log: { attempt: number; status: number | null; at: number }[] }[];
  next: string | null;
}

async function deliveries(env: Env, subId: string, query = ""): Promise<Listed> {
  const res = await env.reader("GET", `/subscriptions/${subId}/deliveries${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as Listed;
}

const cloudEventsValidator = () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(fixturesDir, "schemas/cloudevents/cloudevents-1.0.schema.json"), "utf8")) as object);
};

for (const { kind, make } of adapters) {
  describe(`notifications on ${kind}`, () => {
    let env: Env;
    let dropDb: () => Promise<void>;
    before(async () => {
      const t = await make();
      dropDb = t.drop;
      const clock = { t: Date.UTC(2026, 11, 7, 12, 0, 0) };
      const receiver = await startReceiver(() => Math.floor(clock.t / 1000));
      const server = await startTestServer(t.url, {
        workers: 1,
        notifications: { allowHosts: ["127.0.0.1"], publicUrl: "https://dredge.example.com", now: () => clock.t, random: () => 0.5, settings: { pollMs: 20, timeoutMs: 3000 } },
      });
      env = { server, admin: api(server.url, await server.token("admin")), reader: api(server.url, await server.token("reader")), receiver, clock };
    });
    after(async () => {
      await env.server.dispose();
      await env.receiver.close();
      await dropDb();
    });

    it("a change through the listener in a transaction: one signed summary delivered; the secret never shown", async () => {
      env.receiver.behave("/one", () => 200, SECRET);
      const sub = await subscribe(env, { name: "one", url: `${env.receiver.url}/one`, secret: SECRET, scope: { repositories: ["team-one/**"] } });
      assert.equal(sub.signed, true);
      const listed = await (await env.reader("GET", "/subscriptions")).text();
      assert.ok(!listed.includes(SECRET), "the secret is write-only");
      assert.ok(!listed.includes("/one"), "readers see only the URL's origin (a Slack URL is a credential)");
      const full = (await (await env.admin("GET", `/subscriptions/${sub.id}`)).json()) as { url: string };
      assert.equal(full.url, `${env.receiver.url}/one`);
      const c = change("team-one/app", env.clock.t);
      await emit(env, c);
      await until("a delivery", () => env.receiver.at("/one").length === 1);
      const got = env.receiver.at("/one")[0]!;
      assert.equal(got.verified, true, "the signature verifies");
      assert.match(String(got.headers["dredge-signature"]), /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.equal(got.headers["idempotency-key"], got.headers["dredge-delivery-id"]);
      const event = JSON.parse(got.body) as NotificationEvent & { image: NonNullable<NotificationEvent["image"]>; findings: NonNullable<NotificationEvent["findings"]> };
      assert.equal(event.id, got.headers["dredge-delivery-id"]);
      assert.equal(event.type, "vulnerability.new");
      assert.deepEqual(event.types, ["vulnerability.new", "vulnerability.resolved", "vulnerability.changed", "policy.changed"]);
      assert.equal(event.image.digest, c.digest);
      assert.equal(event.image.links.image, `https://dredge.example.com/api/v1/images/${c.digest}`);
      assert.deepEqual(event.summary, { new: 16, resolved: 1, changed: 1, minSeverity: "UNKNOWN" });
      assert.equal(event.findings.new.length, 10, "the top findings, not all");
      assert.equal(event.findings.new[0]!.id, "CVE-2024-0001", "KEV and CRITICAL first");
      assert.deepEqual(event.verdict, { before: "GO", after: "STOP" });
      assert.deepEqual(event.counts, c.counts);
      const list = await deliveries(env, sub.id);
      assert.equal(list.items.length, 1);
      await until("delivered state", async () => (await deliveries(env, sub.id)).items[0]!.state === "delivered");
      const item = (await deliveries(env, sub.id)).items[0]!;
      assert.equal(item.log.length, 1);
      assert.equal(item.log[0]!.status, 200);
    });

    it("a rolled-back transaction delivers nothing; the same change twice is one notification", async () => {
      env.receiver.behave("/tx", () => 200);
      const sub = await subscribe(env, { name: "tx", url: `${env.receiver.url}/tx`, scope: { repositories: ["team-tx/*"] } });
      const c = change("team-tx/app", env.clock.t);
      await assert.rejects(
        env.server.db.tx(async (q) => {
          await env.server.notifications.listeners.change(q, c);
          throw new Error("the caller's transaction fails");
        }),
        /the caller's transaction fails/,
      );
      assert.equal((await deliveries(env, sub.id)).items.length, 0);
      await emit(env, c);
      await emit(env, c);
      await emit(env, { ...c, at: c.at + 1000 });
      await until("a delivery", () => env.receiver.at("/tx").length >= 1);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(env.receiver.at("/tx").length, 1, "one notification for one change");
      assert.equal((await deliveries(env, sub.id)).items.length, 1);
      // Another change of the same image on the same database (the verdict moves back) is another notification.
      await emit(env, { ...c, new: [], resolved: [], changed: [], verdict: { before: "STOP", after: "GO" } });
      await until("the second", () => env.receiver.at("/tx").length === 2);
    });

    it("a receiver answering 500 for a while: retried with exponential backoff on the clock, then delivered", async () => {
      env.receiver.behave("/flaky", (n) => (n < 3 ? 500 : 200), SECRET);
      const sub = await subscribe(env, { name: "flaky", url: `${env.receiver.url}/flaky`, secret: SECRET, scope: { repositories: ["team-flaky/**"] } });
      await emit(env, change("team-flaky/app", env.clock.t));
      for (let attempt = 1; attempt <= 3; attempt++) {
        await until(`attempt ${attempt}`, async () => (await deliveries(env, sub.id)).items[0]?.log.length === attempt);
        const item = (await deliveries(env, sub.id)).items[0]!;
        assert.equal(item.state, "pending");
        // random() is 0.5: no jitter, so the delay is exactly base·2^(n-1).
        assert.equal(item.nextAttemptAt! - item.log[attempt - 1]!.at, BASE * 2 ** (attempt - 1));
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(env.receiver.at("/flaky").length, attempt, "nothing is sent before it is due");
        env.clock.t = item.nextAttemptAt!;
      }
      await until("delivered", async () => (await deliveries(env, sub.id)).items[0]?.state === "delivered");
      const item = (await deliveries(env, sub.id)).items[0]!;
      assert.deepEqual(item.log.map((a) => a.status), [500, 500, 500, 200]);
      assert.equal(new Set(env.receiver.at("/flaky").map((r) => r.headers["dredge-delivery-id"])).size, 1, "one id across retries");
      assert.ok(env.receiver.at("/flaky").every((r) => r.verified === true));
    });

    it("a receiver that never succeeds: dead after 24 h of retries, listed as a dead letter; redelivery works", async () => {
      let healthy = false;
      env.receiver.behave("/down", () => (healthy ? 200 : 503));
      const sub = await subscribe(env, { name: "down", url: `${env.receiver.url}/down`, scope: { repositories: ["team-down/**"] } });
      const started = env.clock.t;
      await emit(env, change("team-down/app", env.clock.t));
      for (let i = 0; i < 60; i++) {
        await until("an attempt", async () => {
          const it = (await deliveries(env, sub.id)).items[0];
          return it !== undefined && it.state !== "sending" && it.log.length === i + 1;
        });
        const item = (await deliveries(env, sub.id)).items[0]!;
        if (item.state === "dead") break;
        env.clock.t = item.nextAttemptAt!;
      }
      const item = (await deliveries(env, sub.id)).items[0]!;
      assert.equal(item.state, "dead");
      const span = item.log[item.log.length - 1]!.at - started;
      assert.ok(span <= 24 * 3_600_000 && span > 20 * 3_600_000, `retried for up to 24 h (${span / 3_600_000} h, ${item.log.length} attempts)`);
      const dead = (await (await env.reader("GET", "/notifications?state=dead")).json()) as Listed;
      assert.ok(dead.items.some((n) => n.id === item.id));
      assert.equal((await env.reader("POST", `/notifications/${item.id}/redeliver`)).status, 403, "readers cannot redeliver");
      healthy = true;
      const before = env.receiver.at("/down").length;
      const res = await env.admin("POST", `/notifications/${item.id}/redeliver`);
      assert.equal(res.status, 202, await res.clone().text());
      await until("redelivered", async () => (await deliveries(env, sub.id)).items[0]?.state === "delivered");
      assert.equal(env.receiver.at("/down").length, before + 1);
      assert.equal((await env.admin("POST", `/notifications/${"0".repeat(64)}/redeliver`)).status, 404);
      const one = (await (await env.reader("GET", `/notifications/${item.id}`)).json()) as { event: { id: string }; state: string };
      assert.equal(one.event.id, item.id);
    });

    it("scope globs, minimum severity and event types select what is sent", async () => {
      env.receiver.behave("/filter", () => 200);
      const url = `${env.receiver.url}/filter`;
      const high = await subscribe(env, { name: "high", url, minSeverity: "HIGH", events: ["vulnerability.new"], scope: { registries: ["*.example.com"], repositories: ["team-f/*"], tags: ["1.*"] } });
      const policy = await subscribe(env, { name: "policy", url, events: ["policy.changed"], scope: { repositories: ["team-f/**"] } });
      const lowOnly = change("team-f/app", env.clock.t, { new: [finding("CVE-2024-7777", "LOW")], resolved: [], changed: [], verdict: { before: "GO", after: "GO" } });
      const nested = change("team-f/deep/app", env.clock.t, { verdict: { before: "GO", after: "STOP" } });
      const highOne = change("team-f/app", env.clock.t, { verdict: { before: "WARN", after: "WARN" } });
      const otherTeam = change("team-g/app", env.clock.t);
      for (const c of [lowOnly, nested, highOne, otherTeam]) await emit(env, c);
      await until("two deliveries", () => env.receiver.at("/filter").length >= 2);
      await new Promise((r) => setTimeout(r, 300));
      const got = env.receiver.at("/filter").map((r) => JSON.parse(r.body) as { subscription: { id: string }; image: { digest: string }; types: string[]; summary?: { new: number } });
      assert.equal(got.length, 2, JSON.stringify(got.map((g) => [g.subscription.id, g.image.digest])));
      const toHigh = got.find((g) => g.subscription.id === high.id)!;
      assert.equal(toHigh.image.digest, highOne.digest, "LOW only: nothing; team-f/deep: not team-f/*");
      assert.deepEqual(toHigh.types, ["vulnerability.new"]);
      assert.equal(toHigh.summary?.new, 15, "findings below HIGH are not counted");
      const toPolicy = got.find((g) => g.subscription.id === policy.id)!;
      assert.equal(toPolicy.image.digest, nested.digest, "only the verdict that moved");
      assert.deepEqual(toPolicy.types, ["policy.changed"]);
    });

    it("Slack and CloudEvents formats: within Slack's limits, schema-valid structured CloudEvents", async () => {
      env.receiver.behave("/slack", () => 200);
      env.receiver.behave("/ce", () => 200, SECRET);
      await subscribe(env, { name: "slack", url: `${env.receiver.url}/slack`, kind: "slack", scope: { repositories: ["team-fmt/**"] } });
      await subscribe(env, { name: "ce", url: `${env.receiver.url}/ce`, kind: "cloudevents", secret: SECRET, scope: { repositories: ["team-fmt/**"] } });
      const c = change("team-fmt/app", env.clock.t, { references: [`registry.example.com/team-fmt/app:${"x".repeat(120)}`] });
      await emit(env, c);
      await until("both formats", () => env.receiver.at("/slack").length === 1 && env.receiver.at("/ce").length === 1);
      const slack = env.receiver.at("/slack")[0]!;
      assert.match(String(slack.headers["content-type"]), /^application\/json/);
      const msg = JSON.parse(slack.body) as { text: string; blocks: { type: string; text?: { text: string } }[] };
      assert.ok(msg.text.length > 0 && msg.text.length <= 3000);
      assert.ok(msg.blocks.length <= 50);
      assert.equal(msg.blocks[0]!.type, "header");
      assert.ok(msg.blocks[0]!.text!.text.length <= 150, "a header of at most 150 characters");
      assert.ok(msg.blocks.every((b) => b.type !== "section" || b.text!.text.length <= 3000));
      assert.match(slack.body, /CVE-2024-0001 KEV/);
      assert.match(slack.body, /and 6 more/);
      const ce = env.receiver.at("/ce")[0]!;
      assert.equal(ce.verified, true);
      assert.match(String(ce.headers["content-type"]), /^application\/cloudevents\+json/);
      const event = JSON.parse(ce.body) as { specversion: string; type: string; source: string; subject: string; id: string; data: NotificationEvent };
      const validate = cloudEventsValidator();
      assert.ok(validate(event), JSON.stringify(validate.errors));
      assert.equal(event.specversion, "1.0");
      assert.equal(event.type, "dev.dredge.vulnerability.new");
      assert.equal(event.source, "https://dredge.example.com");
      assert.equal(event.subject, c.digest);
      assert.equal(event.id, ce.headers["dredge-delivery-id"]);
      assert.equal(event.data.image?.digest, c.digest);
    });

    it("the test endpoint sends now; auth: readers read, only admins write; bad input and private URLs are refused", async () => {
      env.receiver.behave("/test", (n) => (n === 0 ? 200 : 500), SECRET);
      const sub = await subscribe(env, { name: "test", url: `${env.receiver.url}/test`, secret: SECRET, events: ["scan.failed"] });
      const ok = (await (await env.admin("POST", `/subscriptions/${sub.id}/test`)).json()) as { delivered: boolean; status: number };
      assert.deepEqual([ok.delivered, ok.status], [true, 200]);
      const got = env.receiver.at("/test")[0]!;
      assert.equal(got.verified, true);
      assert.equal((JSON.parse(got.body) as { type: string }).type, "test");
      const failed = (await (await env.admin("POST", `/subscriptions/${sub.id}/test`)).json()) as { delivered: boolean; status: number; error: string };
      assert.deepEqual([failed.delivered, failed.status], [false, 500]);
      assert.equal((await env.reader("POST", `/subscriptions/${sub.id}/test`)).status, 403);
      assert.equal((await env.reader("POST", "/subscriptions", { name: "x", url: `${env.receiver.url}/x` })).status, 403);
      assert.equal((await env.reader("PUT", `/subscriptions/${sub.id}`, { name: "x", url: `${env.receiver.url}/x` })).status, 403);
      assert.equal((await env.reader("DELETE", `/subscriptions/${sub.id}`)).status, 403);
      assert.equal((await api(env.server.url)("GET", "/subscriptions")).status, 401);
      assert.equal((await env.reader("GET", `/subscriptions/${sub.id}`)).status, 200);
      for (const bad of [
        { name: "x", url: "ftp://example.com/" },
        { name: "x", url: "https://user:pw@example.com/" },
        { name: "x", url: "https://example.com/", kind: "email" },
        { name: "x", url: "https://example.com/", events: ["image.deleted"] },
        { name: "x", url: "https://example.com/", minSeverity: "SEVERE" },
        { name: "x", url: "https://example.com/", secret: "short" },
        { name: "x", url: "http://10.1.2.3/hook" },
        { name: "x", url: "http://localhost:9/hook" },
      ]) {
        const res = await env.admin("POST", "/subscriptions", bad);
        assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${await res.text()}`);
      }
      // PUT without a secret keeps it; null removes it.
      const kept = (await (await env.admin("PUT", `/subscriptions/${sub.id}`, { name: "renamed", url: `${env.receiver.url}/test` })).json()) as { signed: boolean; name: string };
      assert.deepEqual([kept.name, kept.signed], ["renamed", true]);
      const removed = (await (await env.admin("PUT", `/subscriptions/${sub.id}`, { name: "renamed", url: `${env.receiver.url}/test`, secret: null })).json()) as { signed: boolean };
      assert.equal(removed.signed, false);
      assert.equal((await env.admin("DELETE", `/subscriptions/${sub.id}`)).status, 204);
      assert.equal((await env.reader("GET", `/subscriptions/${sub.id}`)).status, 404);
    });

    it("a real scan produces scan.completed, a failing scan and one given up after its lease scan.failed", async () => {
      env.receiver.behave("/scans", () => 200, SECRET);
      await subscribe(env, { name: "scans", url: `${env.receiver.url}/scans`, secret: SECRET, events: ["scan.completed", "scan.failed"] });
      const scanner = api(env.server.url, await env.server.token("scanner"));
      const posted = (await (await scanner("POST", "/images", { reference: testImages().dockerArchive })).json()) as { scanId: string };
      const scan = await waitForScan(scanner, posted.scanId);
      assert.equal(scan.state, "done", scan.error ?? "");
      await until("scan.completed", () => env.receiver.at("/scans").length === 1, 60_000);
      const done = JSON.parse(env.receiver.at("/scans")[0]!.body) as { type: string; scan: { id: string }; image: { digest: string } };
      assert.equal(done.type, "scan.completed");
      assert.equal(done.scan.id, posted.scanId);
      assert.equal(done.image.digest, scan.digest);

      const dir = await mkdtemp(join(tmpdir(), "dredge-notify-bad-"));
      try {
        const bad = join(dir, "broken.tar");
        await writeFile(bad, "this is not a tar archive");
        const failing = (await (await scanner("POST", "/images", { reference: `docker-archive:${bad}` })).json()) as { scanId: string };
        const failed = await waitForScan(scanner, failing.scanId);
        assert.equal(failed.state, "failed");
        await until("scan.failed", () => env.receiver.at("/scans").length === 2, 60_000);
        const event = JSON.parse(env.receiver.at("/scans")[1]!.body) as { type: string; scan: { id: string; error: string } };
        assert.equal(event.type, "scan.failed");
        assert.equal(event.scan.id, failing.scanId);
        assert.ok(event.scan.error.length > 0);
        assert.ok(env.receiver.at("/scans").every((r) => r.verified === true));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      // A scan whose worker died on its last attempt is given up when its lease runs out: scan.failed too.
      const id = "3f1d2c4b-0000-4000-8000-000000000001";
      const past = Date.now() - 60_000;
      await env.server.db.run(
        `INSERT INTO scans (id, target, dedupe_key, state, lane, priority, attempts, max_attempts, run_after, lease_until, worker, created_at, started_at)
         VALUES (?, 'registry:registry.example.com/team-lease/app:1', 'registry:registry.example.com/team-lease/app:1', 'running', 'manual', 3, 3, 3, 0, ?, 'a-dead-worker', ?, ?)`,
        [id, past, past, past],
      );
      await until("scan.failed of a given-up scan", () => env.receiver.at("/scans").length === 3, 60_000);
      const givenUp = JSON.parse(env.receiver.at("/scans")[2]!.body) as { type: string; scan: { id: string; error: string }; image?: unknown };
      assert.deepEqual([givenUp.type, givenUp.scan.id, givenUp.scan.error], ["scan.failed", id, "lease expired after the last attempt"]);
    });
  });
}
