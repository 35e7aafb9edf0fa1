import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Ajv } from "ajv";
import { rm } from "node:fs/promises";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

/** The structure of an OpenAPI 3.1 document this server relies on (a subset of the specification's schema). */
const openApiShape = {
  type: "object",
  required: ["openapi", "info", "paths"],
  properties: {
    openapi: { type: "string", pattern: "^3\\.1\\.\\d+$" },
    info: { type: "object", required: ["title", "version"], properties: { title: { type: "string" }, version: { type: "string" } } },
    paths: {
      type: "object",
      propertyNames: { pattern: "^/" },
      additionalProperties: {
        type: "object",
        propertyNames: { enum: ["get", "put", "post", "delete", "patch", "head", "options", "trace"] },
        additionalProperties: {
          type: "object",
          required: ["responses"],
          properties: {
            operationId: { type: "string" },
            parameters: {
              type: "array",
              items: { type: "object", required: ["name", "in", "schema"], properties: { in: { enum: ["path", "query", "header", "cookie"] }, required: { type: "boolean" } } },
            },
            responses: { type: "object", minProperties: 1, propertyNames: { pattern: "^[1-5][0-9][0-9]$" }, additionalProperties: { type: "object", required: ["description"] } },
          },
        },
      },
    },
  },
};

type Doc = { paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean }[]; "x-dredge-role": string }>> };

/** `METHOD /path` of every route fastify serves, from its route tree. */
function servedRoutes(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split("\n")) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]*)\)/u.exec(line);
    if (!m) continue;
    const depth = [...m[1]!].length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of m[3]!.split(", ").filter((x) => x !== "HEAD")) out.push(`${method} ${stack.join("").replace(/:(\w+)/g, "{$1}")}`);
  }
  return out.sort();
}

const sample = (path: string) => path.replace("{digest}", `sha256:${"a".repeat(64)}`).replace("{id}", "6f1c2c4e-8f55-4d2b-9d7e-0a5c0f7b3b11");

for (const { kind, make } of adapters) {
  describe(`API contract on ${kind}`, () => {
    it("documents exactly the routes served; every one needs a token; readers cannot write", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0 });
      try {
        const admin = api(server.url, await server.token("admin"));
        const doc = (await (await admin("GET", "/openapi.json")).json()) as Doc;
        const validate = new Ajv({ allErrors: true, strict: false }).compile(openApiShape);
        assert.ok(validate(doc), JSON.stringify(validate.errors));
        const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${p}`)).sort();
        const served = servedRoutes(server.app!.printRoutes({ commonPrefix: false })).filter((r) => r.includes(" /api/v1/"));
        assert.deepEqual(documented, served);
        for (const [p, ops] of Object.entries(doc.paths)) {
          for (const [m, op] of Object.entries(ops)) {
            for (const name of p.match(/\{(\w+)\}/g) ?? []) assert.ok(op.parameters.some((x) => `{${x.name}}` === name && x.in === "path" && x.required), `${m} ${p} ${name}`);
          }
        }

        const anonymous = api(server.url);
        const reader = api(server.url, await server.token("reader"));
        const bogus = api(server.url, "dredge_not-a-token");
        for (const [p, ops] of Object.entries(doc.paths)) {
          for (const [m, op] of Object.entries(ops)) {
            const method = m.toUpperCase();
            // The dashboard's login is public (a bad token in its body is a 401 of its own: dashboard-api.test.ts).
            if (op["x-dredge-role"] === "public") continue;
            const body = method === "POST" ? { reference: "alpine" } : undefined;
            for (const call of [anonymous, bogus]) {
              const r = await call(method, sample(p), body);
              assert.equal(r.status, 401, `${method} ${p}`);
              assert.match(r.headers.get("content-type") ?? "", /^application\/problem\+json/);
            }
            if (method !== "GET" && op["x-dredge-role"] !== "reader") assert.equal((await reader(method, sample(p), body)).status, 403, `${method} ${p}`);
          }
        }
        assert.equal((await anonymous("GET", "/metrics")).status, 401);
        assert.equal((await anonymous("GET", "/health")).status, 200);
        assert.equal((await anonymous("GET", "/ready")).status, 200);
        assert.equal((await fetch(`${server.url}/nothing/here`)).status, 404, "unknown routes outside the API: 404");
        assert.equal((await anonymous("GET", "/api/v1/nothing")).status, 401, "unknown routes of the API need a token too");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("validates writes: unknown fields, size, media type, target policy; 429 past the cap", async () => {
      const t = await make();
      const local = testImages().ociArchive;
      const server = await startTestServer(t.url, { workers: 0, allowLocalTargets: false, queue: { ...defaultQueueSettings, cap: 1 } });
      try {
        const call = api(server.url, await server.token("scanner"));
        const status = async (body: unknown, headers?: Record<string, string>) => (await call("POST", "/images", body, headers)).status;
        assert.equal(await status({ reference: "alpine", extra: 1 }), 400);
        assert.equal(await status({ reference: "alpine", priority: "urgent" }), 400);
        assert.equal(await status({}), 400);
        assert.equal(await status("{not json"), 400);
        assert.equal(await status({ reference: "x".repeat(70_000) }), 413);
        assert.equal(await status("reference=alpine", { "content-type": "application/x-www-form-urlencoded" }), 415);
        const refused = await call("POST", "/images", { reference: local });
        assert.equal(refused.status, 400);
        assert.match(((await refused.json()) as { detail: string }).detail, /--allow-local-targets/);
        assert.equal(await status({ reference: "rootfs:/" }), 400);
        assert.equal(await status({ reference: "127.0.0.1:5000/app:1" }), 400, "private registry");
        assert.equal(await status({ reference: "alpine:3.20" }), 202);
        assert.equal(await status({ reference: "alpine:3.20", priority: "manual" }), 202, "the same scan is not counted twice");
        const full = await call("POST", "/images", { reference: "debian:12" });
        assert.equal(full.status, 429);
        assert.ok(Number(full.headers.get("retry-after")) >= 1);
        assert.equal(await status({ reference: "debian:12", priority: "scheduled" }), 202, "lanes have their own caps");
        assert.equal((await call("GET", "/scans/not-a-uuid")).status, 404);
        assert.equal((await call("GET", "/images?limit=9999")).status, 400);
        assert.equal((await call("GET", "/images?bogus=1")).status, 400);
        assert.equal((await call("GET", `/images/sha256:${"b".repeat(64)}/vulnerabilities?severity=NOPE`)).status, 400);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("pages through the catalog with a cursor and filters by repo, tag and findings", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0 });
      try {
        const catalog = sqlCatalog(server.db);
        const digests = Array.from({ length: 7 }, (_, i) => `sha256:${String(i).repeat(64)}`);
        for (const [i, digest] of digests.entries()) {
          const inv = { target: { name: "x", source: "oci-archive" as const, repoTags: [], repoDigests: [] }, packages: [], layers: [], warnings: [] };
          await catalog.putImage({ digest, reference: `r/${i % 2}`, registry: "example.com", repo: `r${i % 2}`, tag: String(i), distro: null, verified: true }, inv);
        }
        const call = api(server.url, await server.token("reader"));
        const seen: string[] = [];
        let cursor: string | null = "";
        while (cursor !== null) {
          const page = (await (await call("GET", `/images?limit=3${cursor ? `&cursor=${cursor}` : ""}`)).json()) as { items: { digest: string }[]; nextCursor: string | null };
          assert.ok(page.items.length <= 3);
          seen.push(...page.items.map((i) => i.digest));
          cursor = page.nextCursor;
        }
        assert.deepEqual(seen, digests);
        const r0 = (await (await call("GET", "/images?repo=r0&limit=10")).json()) as { items: { tag: string }[] };
        assert.deepEqual(r0.items.map((i) => i.tag), ["0", "2", "4", "6"]);
        const tag3 = (await (await call("GET", "/images?tag=3")).json()) as { items: { repo: string }[] };
        assert.deepEqual(tag3.items.map((i) => i.repo), ["r1"]);
        const registry = (await (await call("GET", "/images?registry=example.com&repo=r1&limit=10")).json()) as { items: { tag: string }[] };
        assert.deepEqual(registry.items.map((i) => i.tag), ["1", "3", "5"]);
        assert.deepEqual(((await (await call("GET", "/images?registry=other.example")).json()) as { items: unknown[] }).items, []);
        const indexed = async () => ((await (await call("GET", "/images?limit=1")).json()) as { complete: boolean }).complete;
        for (let i = 0; i < 300 && !(await indexed()); i++) await new Promise((r) => setTimeout(r, 100));
        const vulnerable = (await (await call("GET", "/images?severity=UNKNOWN&limit=2")).json()) as { items: unknown[]; nextCursor: string | null; complete: boolean; pending: number; database: unknown };
        assert.deepEqual(vulnerable, { items: [], nextCursor: null, complete: true, pending: 0, database: vulnerable.database }, "no packages, no findings");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
