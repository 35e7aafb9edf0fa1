/**
 * The API routes the dashboard adds, on SQLite and PostgreSQL: sessions (cookie, CSRF, logout, expiry,
 * revocation), tokens, trends from generated history, the overview, scan history, trying a policy, the image
 * list filtered by verdict.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { after, describe, it } from "node:test";
import { buildUi } from "../../scripts/build-ui.mjs";
import { sqlSessions } from "../../src/server/catalog/sessions.js";
import { fixturesDir, testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { seedHistory, type SeededPoint } from "./dashboard-seed.js";
import { api, fixtureDatabase, startTestServer, waitForScan, type TestServer } from "./harness.js";

const uiDir = mkdtemp(join(tmpdir(), "dredge-ui-")).then(async (dir) => (await buildUi(dir), dir));
after(async () => {
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
  await rm(await uiDir, { recursive: true, force: true });
});

const policy = `version: 1
rules:
  - { id: any-vuln, gate: vulnerabilities, trigger: severity, params: { min: LOW }, action: STOP }
`;

async function json<T>(r: Response, status: number): Promise<T> {
  const text = await r.text();
  assert.equal(r.status, status, text);
  return JSON.parse(text) as T;
}

/** A browser's view: the session cookie, and the CSRF token when `csrf` is set. */
function browser(server: TestServer, cookie: string, csrf?: string) {
  return (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, ...(csrf ? { "x-csrf-token": csrf } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

async function login(server: TestServer, token: string) {
  const r = await fetch(`${server.url}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  const setCookie = r.headers.get("set-cookie") ?? "";
  const s = await json<{ role: string; csrf: string; expiresAt: number }>(r, 200);
  return { ...s, setCookie, cookie: setCookie.split(";")[0]! };
}

for (const { kind, make } of adapters) {
  describe(`dashboard API on ${kind}`, () => {
    it("sessions: HttpOnly SameSite=Strict cookie, CSRF on writes, logout, expiry, revoked tokens; tokens admin-only", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0, uiDir: await uiDir });
      try {
        const adminToken = await server.token("admin");
        const readerToken = await server.token("reader");
        const anon = (method: string, path: string, body?: unknown) => api(server.url)(method, path, body);
        assert.equal((await anon("POST", "/session", { token: "dredge_nope" })).status, 401);
        assert.equal((await anon("POST", "/session", {})).status, 400);
        assert.equal((await anon("POST", "/session", { token: readerToken, extra: 1 })).status, 400);

        const reader = await login(server, readerToken);
        assert.equal(reader.role, "reader");
        assert.match(reader.setCookie, /^dredge_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
        assert.ok(reader.csrf.length >= 32);
        const r = browser(server, reader.cookie, reader.csrf);
        assert.deepEqual(await json(await r("GET", "/session"), 200), { authenticated: true, role: "reader", csrf: reader.csrf, expiresAt: reader.expiresAt });
        assert.deepEqual(await json(await anon("GET", "/session"), 200), { authenticated: false });
        assert.equal((await r("GET", "/images")).status, 200, "the cookie authenticates reads");
        assert.equal((await r("DELETE", `/images/sha256:${"a".repeat(64)}`)).status, 403, "a reader cannot write");
        assert.equal((await r("GET", "/tokens")).status, 403, "tokens are admin-only");
        assert.equal((await browser(server, "dredge_session=forged-but-43-characters-long-xxxxxxxxxxxxxxx")("GET", "/images")).status, 401);

        const admin = await login(server, adminToken);
        const noCsrf = browser(server, admin.cookie);
        const withCsrf = browser(server, admin.cookie, admin.csrf);
        const wrongCsrf = browser(server, admin.cookie, reader.csrf);
        const missing = `/images/sha256:${"b".repeat(64)}`;
        assert.equal((await noCsrf("DELETE", missing)).status, 403, "a cookie write without the CSRF token is refused");
        assert.equal((await wrongCsrf("DELETE", missing)).status, 403, "another session's CSRF token is refused");
        assert.equal((await withCsrf("DELETE", missing)).status, 404, "with it, the write is authorized");
        assert.equal((await noCsrf("POST", "/tokens", { role: "reader" })).status, 403);

        // Tokens: create (secret once), list (never secrets), revoke (its sessions end).
        const created = await json<{ id: string; token: string; name: string; role: string }>(await withCsrf("POST", "/tokens", { role: "reader", name: "ci" }), 201);
        assert.deepEqual([created.name, created.role], ["ci", "reader"]);
        const { tokens } = await json<{ tokens: Record<string, unknown>[] }>(await withCsrf("GET", "/tokens"), 200);
        assert.equal(tokens.length, 3);
        assert.ok(tokens.every((x) => !("token" in x) && !("hash" in x)));
        assert.deepEqual(tokens.find((x) => x.id === created.id), { id: created.id, name: "ci", role: "reader", createdAt: tokens.find((x) => x.id === created.id)!.createdAt });
        assert.equal((await api(server.url, created.token)("GET", "/images")).status, 200);
        const ci = await login(server, created.token);
        assert.equal((await withCsrf("POST", "/tokens", { role: "root" })).status, 400);
        assert.equal((await withCsrf("DELETE", `/tokens/${created.id}`)).status, 204);
        assert.equal((await api(server.url, created.token)("GET", "/images")).status, 401, "a revoked token stops working");
        assert.equal((await browser(server, ci.cookie)("GET", "/images")).status, 401, "and so do its sessions");
        assert.equal((await withCsrf("DELETE", `/tokens/${created.id}`)).status, 404);
        assert.equal((await api(server.url, adminToken)("POST", "/tokens", { role: "scanner" })).status, 201, "Bearer writes need no CSRF token");

        // Logout, and expiry.
        assert.equal((await r("DELETE", "/session")).status, 204);
        assert.equal((await r("GET", "/images")).status, 401);
        assert.deepEqual(await json(await r("GET", "/session"), 200), { authenticated: false });
        const info = (await json<{ tokens: { id: string; role: string }[] }>(await withCsrf("GET", "/tokens"), 200)).tokens.find((x) => x.role === "reader")!;
        const expired = await sqlSessions(server.db).open(info.id, Date.now() - 10_000, 5_000);
        assert.equal((await browser(server, `dredge_session=${expired.id}`)("GET", "/images")).status, 401, "an expired session is refused");
        const live = await sqlSessions(server.db).open(info.id);
        assert.equal((await browser(server, `dredge_session=${live.id}`)("GET", "/images")).status, 200);

        // The dashboard's files are public and carry the security headers.
        const page = await fetch(`${server.url}/ui/`);
        assert.equal(page.status, 200);
        const csp = page.headers.get("content-security-policy") ?? "";
        assert.match(csp, /script-src 'self'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        assert.equal(page.headers.get("x-content-type-options"), "nosniff");
        assert.equal(page.headers.get("x-frame-options"), "DENY");
        assert.equal((await fetch(`${server.url}/`, { redirect: "manual" })).headers.get("location"), "/ui/");
        assert.equal((await fetch(`${server.url}/ui/nothing.js`)).status, 404);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("trends from generated history, the overview, scan history, a policy tried on an image", async () => {
      const images = testImages();
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1 });
      try {
        const admin = api(server.url, await server.token("admin"));
        const reader = api(server.url, await server.token("reader"));
        const queued = await json<{ scanId: string }>(await admin("POST", "/images", { reference: images.ociArchive }), 202);
        const scan = await waitForScan(admin, queued.scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        const digest = scan.digest!;
        // Indexed against the current database.
        let listed: { items: { digest: string; summary: { counts: Record<string, number>; kev: number } | null }[]; complete: boolean };
        do listed = await json(await reader("GET", "/images"), 200);
        while (!listed.complete);
        const current = listed.items[0]!.summary!;

        const seeded: SeededPoint[] = await seedHistory(server.db, [digest]);
        const { points } = await json<{ points: (SeededPoint & Record<string, unknown>)[] }>(await reader("GET", "/trends"), 200);
        assert.equal(points.length, seeded.length + 1, "the seeded builds and the current one");
        assert.deepEqual(points.slice(0, 3), seeded);
        const last = points[3]!;
        assert.deepEqual([last.critical, last.high, last.kev, last.images], [current.counts.CRITICAL, current.counts.HIGH, current.kev, 1]);
        assert.deepEqual(Object.keys(last).sort(), ["at", "critical", "dbVersion", "high", "images", "kev", "low", "medium", "negligible", "unknown"]);
        assert.deepEqual((await json<{ points: SeededPoint[] }>(await reader("GET", `/trends?from=${seeded[1]!.at}&to=${seeded[2]!.at}`), 200)).points, seeded.slice(1));
        assert.equal((await json<{ points: SeededPoint[] }>(await reader("GET", `/trends?digest=${digest}`), 200)).points.length, 4);
        assert.deepEqual((await json<{ points: SeededPoint[] }>(await reader("GET", `/trends?digest=sha256:${"c".repeat(64)}`), 200)).points, []);
        assert.deepEqual((await json<{ points: SeededPoint[] }>(await reader("GET", "/trends?repository=no/such"), 200)).points, []);
        assert.equal((await reader("GET", "/trends?digest=nope")).status, 400);

        const overview = await json<{ counts: Record<string, number>; kev: number; images: Record<string, number>; queue: Record<string, number>; policy: unknown }>(await reader("GET", "/overview"), 200);
        assert.deepEqual(overview.counts, current.counts);
        assert.equal(overview.kev, current.kev);
        assert.deepEqual(overview.images, { total: 1, indexed: 1, withKev: current.kev > 0 ? 1 : 0, fixable: overview.images.fixable });
        assert.equal(overview.queue.done, 1);
        assert.equal(overview.policy, null);

        const history = await json<{ scans: { id: string; state: string; target: string; createdAt: number; finishedAt: number }[] }>(await reader("GET", `/images/${digest}/scans`), 200);
        assert.deepEqual(history.scans.map((s) => [s.id, s.state, s.target]), [[queued.scanId, "done", images.ociArchive]]);
        assert.ok(history.scans[0]!.finishedAt >= history.scans[0]!.createdAt);
        assert.equal((await reader("GET", `/images/sha256:${"d".repeat(64)}/scans`)).status, 404);

        assert.equal((await reader("POST", "/policies/test", { document: policy, digest })).status, 403);
        const tried = await json<{ finalAction: string; evaluation: { rules: { id: string; outcome: string }[] } }>(await admin("POST", "/policies/test", { document: policy, digest }), 200);
        const anyFinding = Object.values(current.counts).some((n) => n > 0);
        assert.equal(tried.finalAction, anyFinding ? "STOP" : "GO");
        assert.deepEqual(tried.evaluation.rules.map((x) => x.id), ["any-vuln"]);
        assert.equal((await admin("POST", "/policies/test", { document: "version: 1\nrules: [{ gate: nope }]\n", digest })).status, 400);
        assert.equal((await admin("POST", "/policies/test", { document: policy, digest: `sha256:${"d".repeat(64)}` })).status, 404);
        assert.deepEqual((await json<{ policies: unknown[] }>(await reader("GET", "/policies"), 200)).policies, [], "trying stores nothing");

        // With an active policy, the overview counts its verdicts.
        await json(await admin("POST", "/policies", { name: "strict", document: policy, active: true }), 201);
        await json(await reader("GET", `/images/${digest}/check`), 200);
        const withPolicy = await json<{ policy: { name: string; verdicts: Record<string, number> } }>(await reader("GET", "/overview"), 200);
        assert.equal(withPolicy.policy.name, "strict");
        assert.deepEqual(withPolicy.policy.verdicts, { [anyFinding ? "STOP" : "GO"]: 1 });
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("images filtered by the active policy's verdict, on the server, with cursor pagination", async () => {
      const images = testImages();
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1 });
      try {
        const admin = api(server.url, await server.token("admin"));
        const reader = api(server.url, await server.token("reader"));
        for (const reference of [images.ociArchive, images.rpmDockerArchive]) {
          const scan = await waitForScan(admin, (await json<{ scanId: string }>(await admin("POST", "/images", { reference }), 202)).scanId);
          assert.equal(scan.state, "done", scan.error ?? "");
        }
        // An uploaded SBOM: unverified, so never evaluated (unknown).
        const sbom = await readFile(join(fixturesDir, "golden/trivy/sbom-inputs/centos-7-cyclonedx.json"), "utf8");
        const uploaded = (await json<{ digest: string }>(await admin("POST", "/sboms", sbom), 201)).digest;
        const doc = await json<{ paths: Record<string, { get: { parameters: { name: string; schema?: { enum?: string[] } }[] } }> }>(await reader("GET", "/openapi.json"), 200);
        assert.deepEqual(doc.paths["/images"]!.get.parameters.find((x) => x.name === "verdict")?.schema?.enum, ["GO", "WARN", "STOP", "unknown"], "the OpenAPI document has the filter");
        assert.equal((await reader("GET", "/images?verdict=STOP")).status, 409, "no policy is active");
        assert.equal((await reader("GET", "/images?verdict=maybe")).status, 400);
        // STOP on a critical finding, WARN on a high one: the verdicts differ by image.
        const document = `version: 1
rules:
  - { id: crit, gate: vulnerabilities, trigger: severity, params: { min: CRITICAL }, action: STOP }
  - { id: high, gate: vulnerabilities, trigger: severity, params: { min: HIGH }, action: WARN }
`;
        await json(await admin("POST", "/policies", { name: "tiers", document, active: true }), 201);
        type Item = { digest: string; verdict: string | null; verified: boolean; summary: unknown };
        type Page = { items: Item[]; nextCursor: string | null; complete: boolean; verdictsComplete: boolean; policy: { name: string } };
        // The server evaluates every verified image by itself once its findings are indexed.
        let page: Page;
        const until = Date.now() + 60_000;
        do page = await json<Page>(await reader("GET", "/images?verdict=unknown"), 200);
        while ((!page.verdictsComplete || !page.complete) && Date.now() < until);
        assert.ok(page.verdictsComplete, "every verified image has a verdict");
        assert.equal(page.policy.name, "tiers");
        const all = (await json<Page>(await reader("GET", "/images?limit=500"), 200)).items;
        assert.equal(all.length, 3);
        // The truth: each image's verdict as GET /images/{digest}/check gives it (unverified: unknown).
        const truth = new Map<string, string>();
        for (const image of all) {
          const check = await json<{ status: string; finalAction: string | null }>(await reader("GET", `/images/${image.digest}/check`), 200);
          truth.set(image.digest, check.status === "evaluated" ? check.finalAction! : "unknown");
          assert.equal(image.verdict ?? "unknown", truth.get(image.digest), "the list carries the stored verdict");
        }
        assert.equal(truth.get(uploaded), "unknown");
        assert.ok(new Set(truth.values()).size >= 2, `the images' verdicts differ: ${[...truth.values()].join(", ")}`);
        for (const sort of ["digest", "risk"]) {
          const seen: string[] = [];
          for (const verdict of ["GO", "WARN", "STOP", "unknown"]) {
            const expected = all.filter((i) => truth.get(i.digest) === verdict && (sort === "digest" || i.summary !== null)).map((i) => i.digest);
            // One image a page: the cursor pages through the filtered list only.
            const listed: string[] = [];
            let cursor: string | null = null;
            do {
              const p: Page = await json<Page>(await reader("GET", `/images?verdict=${verdict}&sort=${sort}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`), 200);
              assert.ok(p.items.length <= 1);
              for (const item of p.items) assert.equal(item.verdict ?? "unknown", verdict);
              listed.push(...p.items.map((i) => i.digest));
              cursor = p.nextCursor;
            } while (cursor);
            assert.deepEqual([...listed].sort(), [...expected].sort(), `${sort}, ${verdict}`);
            if (sort === "digest") assert.deepEqual(listed, [...listed].sort(), "digest order");
            seen.push(...listed);
          }
          assert.equal(new Set(seen).size, seen.length, "no image twice");
        }
        // With the other filters: an image's own verdict with its repository.
        const first = all.find((i) => i.verified)!;
        const meta = await json<{ repo: string | null }>(await reader("GET", `/images/${first.digest}`), 200);
        const both = await json<Page>(await reader("GET", `/images?verdict=${truth.get(first.digest)}${meta.repo ? `&repo=${encodeURIComponent(meta.repo)}` : ""}`), 200);
        assert.ok(both.items.some((i) => i.digest === first.digest));
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
