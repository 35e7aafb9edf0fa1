/**
 * The Harbor scanner adapter (spec v1.2) end to end, on both storage adapters: a client that behaves like
 * Harbor's (first poll after 2 s, `Refresh-After` read as an 8-bit integer, 5 s timeout including the body)
 * scans the test image pushed to a real registry with Basic auth, through the credentials the scan request
 * carries. Every request and response body is validated against the staged v1.2 OpenAPI schemas with ajv.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { fixturesDir, testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer } from "./harness.js";

const PASSWORD = "harbor-robot-pw-51c9";
const VULN = "application/vnd.security.vulnerability.report; version=1.1";
const HARBOR_VULN = "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
const SBOM = "application/vnd.security.sbom.report+json; version=1.0";
const SCAN_REQUEST = "application/vnd.scanner.adapter.scan.request+json; version=1.1";

let reg: TestRegistry;
let digest: string;

/** OpenAPI 3.0 `nullable: true` as JSON Schema: the schema, or null. */
function jsonSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaOf);
  if (!node || typeof node !== "object") return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, jsonSchemaOf(v)]));
  return nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

/** The v1.2 document's component schemas, compiled by name. */
function harborSchemas() {
  const doc = jsonSchemaOf(parseYaml(readFileSync(join(fixturesDir, "schemas/harbor-scanner-adapter-openapi-v1.2.yaml"), "utf8"))) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat("url", (s: string) => URL.canParse(s));
  ajv.addSchema({ $id: "harbor", ...doc });
  return (name: string, value: unknown) => {
    const validate = ajv.getSchema(`harbor#/components/schemas/${name}`)!;
    assert.ok(validate(value), `${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
  };
}
const conforms = harborSchemas();

/** Harbor's client: 5 s timeout including the body; `Refresh-After` parsed as an 8-bit integer. */
function harborClient(base: string, token: string) {
  const call = async (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) => {
    const started = performance.now();
    const res = await fetch(`${base}/harbor/api/v1${path}`, {
      method,
      redirect: "manual",
      signal: AbortSignal.timeout(5000),
      headers: { authorization: `Bearer ${token}`, ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await res.text();
    return { res, text, ms: performance.now() - started };
  };
  return {
    call,
    async scan(request: object) {
      return call("POST", "/scan", { body: JSON.stringify(request), headers: { "content-type": SCAN_REQUEST, accept: "application/vnd.scanner.adapter.scan.response+json; version=1.0" } });
    },
    /** Polls like Harbor: first after 2 s, then after each Refresh-After; every answer well inside 5 s. */
    async report(id: string, accept: string, query = "", timeoutMs = 120_000) {
      await new Promise((r) => setTimeout(r, 2000));
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await call("GET", `/scan/${id}/report${query}`, { headers: { accept } });
        assert.ok(r.ms <= 2000, `report request took ${Math.round(r.ms)} ms`);
        if (r.res.status !== 302 || Date.now() > until) return r;
        const refresh = Number(r.res.headers.get("refresh-after"));
        assert.ok(Number.isInteger(refresh) && refresh >= 0 && refresh <= 127, `Refresh-After ${r.res.headers.get("refresh-after")}`);
        await new Promise((res) => setTimeout(res, refresh * 1000));
      }
    },
  };
}

before(async () => {
  reg = await startRegistry({ auth: `tester:${PASSWORD}` });
  const images = testImages();
  await pushImage(reg.host, `oci:${images.oci}:bookworm`, "library/bookworm:1.0", { creds: `tester:${PASSWORD}` });
  const index = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  digest = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm")!.digest;
});
after(async () => {
  await reg?.stop();
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

for (const { kind, make } of adapters) {
  describe(`Harbor scanner adapter on ${kind}`, () => {
    it("serves metadata, accepts a scan with Harbor's registry credentials, and reports vulnerabilities and SBOMs", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 2, allowLocalTargets: false });
      try {
        const harbor = harborClient(server.url, await server.token("scanner"));

        const meta = await harbor.call("GET", "/metadata");
        assert.equal(meta.res.status, 200);
        assert.match(meta.res.headers.get("content-type") ?? "", /^application\/vnd\.scanner\.adapter\.metadata\+json; version=1\.1/);
        const metadata = JSON.parse(meta.text) as { capabilities: { type: string; produces_mime_types: string[] }[]; properties: Record<string, string> };
        conforms("ScannerAdapterMetadata", metadata);
        assert.deepEqual(metadata.capabilities.map((c) => c.type), ["vulnerability", "sbom"]);
        assert.ok(metadata.capabilities[0]!.produces_mime_types.includes(VULN));
        assert.ok(!Number.isNaN(Date.parse(metadata.properties["harbor.scanner-adapter/vulnerability-database-updated-at"]!)));
        assert.equal(metadata.properties["harbor.scanner-adapter/registry-authorization-type"], "Bearer");

        // What Harbor sends, with its extra fields; the registry is on loopback: allowed (Harbor's registry is configured).
        const request = {
          registry: { url: reg.url, authorization: `Basic ${Buffer.from(`tester:${PASSWORD}`).toString("base64")}`, insecure: true },
          artifact: { namespace_id: 2, repository: "library/bookworm", digest, tag: "1.0", mime_type: "application/vnd.oci.image.manifest.v1+json", size: 1234 },
          enabled_capabilities: [{ type: "vulnerability", produces_mime_types: [VULN] }, { type: "sbom", produces_mime_types: [SBOM], parameters: { sbom_media_types: ["application/spdx+json"] } }],
        };
        conforms("ScanRequest", request);
        const accepted = await harbor.scan(request);
        assert.equal(accepted.res.status, 202, accepted.text);
        const { id } = JSON.parse(accepted.text) as { id: string };
        conforms("ScanResponse", { id });

        const first = await harbor.call("GET", `/scan/${id}/report`, { headers: { accept: VULN } });
        assert.ok([200, 302].includes(first.res.status));
        const done = await harbor.report(id, VULN);
        assert.equal(done.res.status, 200, done.text);
        assert.match(done.res.headers.get("content-type") ?? "", /^application\/vnd\.security\.vulnerability\.report; version=1\.1/);
        const report = JSON.parse(done.text) as { artifact: { repository: string; digest: string }; severity: string; vulnerabilities: { id: string; package: string; severity: string }[] };
        conforms("HarborVulnerabilityReport", report);
        assert.deepEqual([report.artifact.repository, report.artifact.digest], ["library/bookworm", digest]);
        // The same findings the API serves for the image (stored inventory × current database).
        const own = (await (await api(server.url, await server.token("reader"))("GET", `/images/${digest}/vulnerabilities`)).json()) as {
          vulnerabilities: { id: string; package: { name: string }; suppressed?: unknown }[];
        };
        const expected = own.vulnerabilities.filter((v) => !v.suppressed).map((v) => `${v.id} ${v.package.name}`).sort();
        assert.ok(expected.length > 0, "the fixture database has findings for the test image");
        assert.deepEqual(report.vulnerabilities.map((v) => `${v.id} ${v.package}`).sort(), expected);
        const order = ["Unknown", "Negligible", "Low", "Medium", "High", "Critical"];
        assert.equal(report.severity, report.vulnerabilities.map((v) => v.severity).sort((a, b) => order.indexOf(b) - order.indexOf(a))[0]);

        const harborType = await harbor.call("GET", `/scan/${id}/report`, { headers: { accept: HARBOR_VULN } });
        assert.equal(harborType.res.status, 200);
        assert.match(harborType.res.headers.get("content-type") ?? "", /harbor\+json; version=1\.0/);
        conforms("HarborVulnerabilityReport", JSON.parse(harborType.text));

        for (const mediaType of ["application/spdx+json", "application/vnd.cyclonedx+json"]) {
          const sbom = await harbor.report(id, SBOM, `?sbom_media_type=${encodeURIComponent(mediaType)}`);
          assert.equal(sbom.res.status, 200, sbom.text);
          const doc = JSON.parse(sbom.text) as { media_type: string; sbom: Record<string, unknown> };
          conforms("HarborSbomReport", doc);
          assert.equal(doc.media_type, mediaType);
          assert.ok(mediaType.includes("spdx") ? doc.sbom.spdxVersion : doc.sbom.bomFormat === "CycloneDX");
        }

        // The reports were precomputed when the scan ended (before the job was done) and are served from the catalog.
        const finished = Number((await server.db.all<{ finished_at: number }>("SELECT finished_at FROM scans WHERE id = ?", [id]))[0]!.finished_at);
        const stored = await server.db.all<{ kind: string; created_at: number }>("SELECT kind, created_at FROM image_reports WHERE digest = ? ORDER BY kind", [digest]);
        assert.deepEqual(stored.map((r) => r.kind), ["harbor-vulnerabilities", "sbom-cyclonedx", "sbom-spdx"]);
        for (const r of stored) assert.ok(Number(r.created_at) <= finished, `${r.kind} stored at scan end: ${r.created_at} ${finished} ${JSON.stringify(await server.db.all("SELECT kind, version, inventory_at, created_at FROM image_reports"))}`);
        // A stored part of an older database version, or of an older inventory, is never served: recomputed and stored on read.
        const fake = JSON.stringify({ severity: "Low", vulnerabilities: [] });
        for (const stale of ["UPDATE image_reports SET version = 'older', body = ? WHERE kind = 'harbor-vulnerabilities'", "UPDATE image_reports SET inventory_at = inventory_at - 1, body = ? WHERE kind = 'harbor-vulnerabilities'"]) {
          await server.db.run(stale, [fake]);
          const fresh = JSON.parse((await harbor.report(id, VULN)).text) as typeof report;
          assert.deepEqual(fresh.vulnerabilities.map((v) => `${v.id} ${v.package}`).sort(), expected, stale);
          const row = (await server.db.all<{ body: string }>("SELECT body FROM image_reports WHERE digest = ? AND kind = 'harbor-vulnerabilities'", [digest]))[0]!;
          assert.notEqual(row.body, fake, "the recomputed part was stored");
        }

        // Errors are Harbor's ErrorResponse documents.
        const error = async (r: { res: Response; text: string }, status: number) => {
          assert.equal(r.res.status, status, r.text);
          if (status !== 401) assert.match(r.res.headers.get("content-type") ?? "", /^application\/vnd\.scanner\.adapter\.error\+json; version=1\.0/);
          conforms("ErrorResponse", JSON.parse(r.text));
        };
        await error(await harbor.call("GET", `/scan/${id}/report`, { headers: { accept: SBOM } }), 400);
        await error(await harbor.call("GET", `/scan/${id}/report`, { headers: { accept: "application/vnd.scanner.adapter.vuln.report.raw" } }), 501);
        await error(await harbor.call("GET", "/scan/6f1c2c4e-8f55-4d2b-9d7e-0a5c0f7b3b11/report", { headers: { accept: VULN } }), 404);
        await error(await harbor.call("POST", "/scan", { body: "{not json", headers: { "content-type": SCAN_REQUEST } }), 400);
        await error(await harbor.scan({ ...request, artifact: { ...request.artifact, digest: "sha256:short" } }), 422);
        await error(await harbor.scan({ ...request, registry: { url: "ftp://x" } }), 422);
        await error(await harbor.scan({ ...request, artifact: { ...request.artifact, mime_type: "application/vnd.cncf.helm.config.v1+json" } }), 501);
        const anonymous = await fetch(`${server.url}/harbor/api/v1/metadata`);
        assert.equal(anonymous.status, 401);
        conforms("ErrorResponse", await anonymous.json());
        const reader = harborClient(server.url, await server.token("reader"));
        await error(await reader.call("GET", "/metadata"), 403);

        // The credentials were sealed for that scan only and are gone once it ended.
        assert.deepEqual(await server.db.all("SELECT target FROM scan_credentials"), []);

        // Without Harbor's credentials the registry refuses (a digest not analysed yet: a known one is reused):
        // the scan fails and its report is a 500.
        const { authorization: _a, ...anonymousRegistry } = request.registry;
        const refused = await harbor.scan({ ...request, registry: anonymousRegistry, artifact: { ...request.artifact, digest: `sha256:${"0".repeat(64)}` } });
        assert.equal(refused.res.status, 202);
        const failed = await harbor.report((JSON.parse(refused.text) as { id: string }).id, VULN);
        await error(failed, 500);
        assert.match(failed.text, /the scan failed: .*(auth|denied|401)/i);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("accepts a scan request over the queue's cap, with its credentials sealed", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0, allowLocalTargets: false, queue: { cap: 1, leaseMs: 1500, maxAttempts: 3, backoffMs: 200 } });
      try {
        const harbor = harborClient(server.url, await server.token("scanner"));
        const authorization = `Basic ${Buffer.from(`tester:${PASSWORD}`).toString("base64")}`;
        const ids = [];
        for (const repository of ["a/one", "a/two", "a/three"]) {
          const r = await harbor.scan({ registry: { url: reg.url, authorization }, artifact: { repository, digest } });
          assert.equal(r.res.status, 202, r.text);
          ids.push((JSON.parse(r.text) as { id: string }).id);
        }
        assert.equal(new Set(ids).size, 3);
        const rows = await server.db.all<{ secret: string }>("SELECT secret FROM scan_credentials");
        assert.equal(rows.length, 3);
        for (const row of rows) assert.ok(!row.secret.includes(PASSWORD) && !row.secret.includes(authorization.slice(6)) && row.secret.startsWith("dredge-secret-v1:"));
        const pending = await harbor.call("GET", `/scan/${ids[0]}/report`, { headers: { accept: VULN } });
        assert.equal(pending.res.status, 302);
        assert.equal(pending.res.headers.get("refresh-after"), "5");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
