/**
 * The admission listener's request path without the server: its answers to malformed requests (the
 * statuses and problem details the Fastify app it replaced gave), and the hand-written checks of
 * src/server/admission/fast-check.ts against the zod schemas they stand in for, on mutated captured reviews.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fastPodSpec, fastReview } from "../../src/server/admission/fast-check.js";
import { ADMISSION_BODY_LIMIT, admissionHandler } from "../../src/server/admission/listener.js";
import { admissionReviewSchema, imagesOf, podSpecSchema, readReview, type AdmissionRequest } from "../../src/server/admission/review.js";
import { silentLogger } from "../../src/util/log.js";
import { fixturesDir } from "../helpers/images.js";
import { rng } from "../../src/versioning/differential/prng.js";

const samplesDir = join(fixturesDir, "payloads/kubernetes-admission");
const envelope = (request: unknown) => ({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request });
const samples = readdirSync(samplesDir).filter((f) => f.endsWith(".json")).map((f) => envelope(JSON.parse(readFileSync(join(samplesDir, f), "utf8"))));

describe("admission listener: answers to malformed requests", () => {
  let server: Server;
  let port = 0;
  before(async () => {
    const deps = { settings: { mode: "enforce" as const, namespaceModes: {}, exempt: [] }, check: async () => ({ status: "no-policy" as const }), enqueue: async () => {}, logger: silentLogger };
    server = createServer(admissionHandler(deps));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; type: string; json: Record<string, unknown> | undefined }>((resolve, reject) => {
      const h = { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) };
      const req = request({ host: "127.0.0.1", port, method, path, headers: h }, (res) => {
        let out = "";
        res.setEncoding("utf8").on("data", (c: string) => (out += c)).on("end", () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), json: out ? (JSON.parse(out) as Record<string, unknown>) : undefined }));
      });
      req.on("error", reject).end(body);
    });
  const json = { "content-type": "application/json" };
  const post = (body: string | undefined, headers: Record<string, string> = json, path = "/admission/v1/validate") => call("POST", path, headers, body);

  it("answers a review, with the API server's ?timeout= and a charset", async () => {
    for (const [path, headers] of [["/admission/v1/validate?timeout=10s", json], ["/admission/v1/validate", { "content-type": "Application/JSON; charset=utf-8" }]] as const) {
      const r = await post(JSON.stringify(samples[0]), headers, path);
      assert.equal(r.status, 200);
      assert.equal(r.type, "application/json; charset=utf-8");
      assert.equal((r.json!.response as { uid: string }).uid, (samples[0] as { request: { uid: string } }).request.uid);
    }
  });

  it("answers problems: bad media type 415, empty, bad or poisoned JSON 400, not a review 400, too large 413", async () => {
    const cases: [string | undefined, Record<string, string>, number, RegExp][] = [
      [JSON.stringify(samples[0]), { "content-type": "application/xml" }, 415, /^Unsupported Media Type$/],
      [JSON.stringify(samples[0]), {}, 415, /^Unsupported Media Type$/],
      [undefined, {}, 400, /AdmissionReview request: .*expected object, received undefined/],
      [JSON.stringify(samples[0]), { "content-type": "text/plain" }, 400, /AdmissionReview request: .*expected object, received string/],
      ["", json, 400, /^Body cannot be empty/],
      ["{x", json, 400, /^Body is not valid JSON/],
      ['{"a":{"__proto__":{"x":1}}}', json, 400, /^Body is not valid JSON/],
      ['{"a":[{"\\u005f_proto__":{"x":1}}]}', json, 400, /^Body is not valid JSON/],
      ['{"a":{"constructor":{"prototype":{}}}}', json, 400, /^Body is not valid JSON/],
      ['{"a":{"constructor":{"x":1}}}', json, 400, /^not an admission.k8s.io\/v1 AdmissionReview request: invalid apiVersion/],
      ["[1]", json, 400, /expected object, received array/],
      [JSON.stringify({ ...samples[0], apiVersion: "admission.k8s.io/v1beta1" }), json, 400, /invalid apiVersion: "admission.k8s.io\/v1beta1"/],
      [" ".repeat(ADMISSION_BODY_LIMIT + 1), json, 413, /^Request body is too large$/],
    ];
    for (const [body, headers, status, detail] of cases) {
      const r = await post(body, headers);
      assert.equal(r.status, status, body?.slice(0, 60));
      assert.equal(r.type, "application/problem+json; charset=utf-8");
      assert.equal(r.json!.status, status);
      assert.match(String(r.json!.detail), detail);
    }
  });

  it("serves /health and answers 404 elsewhere", async () => {
    assert.deepEqual((await call("GET", "/health", {})).json, { status: "ok" });
    assert.equal((await call("HEAD", "/health", {})).status, 200);
    for (const [method, path] of [["GET", "/admission/v1/validate"], ["POST", "/admission/v1/validate/"], ["GET", "/nope"]]) {
      const r = await call(method!, path!, json, method === "POST" ? JSON.stringify(samples[0]) : undefined);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.json!.message, `Route ${method}:${path} not found`);
    }
  });
});


const paths: readonly (readonly string[])[] = [
  [], ["apiVersion"], ["kind"], ["request"], ["request", "uid"], ["request", "kind"], ["request", "kind", "kind"], ["request", "kind", "group"], ["request", "kind", "version"],
  ["request", "namespace"], ["request", "name"], ["request", "operation"], ["request", "userInfo"], ["request", "userInfo", "username"], ["request", "object"],
];
const specPaths: readonly (readonly string[])[] = [[], ["containers"], ["initContainers"], ["ephemeralContainers"], ["containers", "0"], ["containers", "0", "image"], ["containers", "0", "name"], ["containers", "1", "image"]];

function variant(rnd: () => number): unknown {
  const n = Math.floor(rnd() * 14);
  const len = [0, 1, 32, 127, 128, 129, 252, 253, 254, 1023, 1024, 1025][Math.floor(rnd() * 12)]!;
  return [undefined, null, 0, true, "x".repeat(len), "é".repeat(len), [], [{}], {}, { image: "x".repeat(len) }, Array.from({ length: [199, 200, 201][Math.floor(rnd() * 3)]! }, () => ({ image: "a" })), "admission.k8s.io/v1", "AdmissionReview", { group: "", version: "v1", kind: "Pod" }][n];
}

function mutate(value: unknown, path: readonly string[], to: unknown): unknown {
  if (path.length === 0) return to;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : value !== null && typeof value === "object" ? { ...value } : {};
  const [key, ...rest] = path;
  const next = mutate(copy[key!], rest, to);
  if (next === undefined && !Array.isArray(copy)) delete copy[key!];
  else copy[key!] = next;
  return copy;
}

describe("admission fast checks against the schemas", () => {
  it("accept the captured reviews and their pod specs as they are", () => {
    assert.ok(samples.length >= 4);
    for (const s of samples) {
      assert.equal(fastReview(s), s);
      const read = readReview(s);
      assert.ok("review" in read);
      assert.ok(imagesOf(read.review.request)!.length > 0);
    }
  });

  it("are never more permissive than the schemas (5,000 mutated reviews and pod specs)", () => {
    const rnd = rng(17).next;
    let fastAccepted = 0;
    let schemaOnly = 0;
    let specs = 0;
    for (let i = 0; i < 5000; i++) {
      const base = samples[i % samples.length]!;
      let doc: unknown = base;
      for (let m = 0; m < 1 + Math.floor(rnd() * 2); m++) doc = mutate(doc, paths[Math.floor(rnd() * paths.length)]!, variant(rnd));
      const fast = fastReview(doc);
      const schema = admissionReviewSchema.safeParse(doc);
      if (fast) {
        fastAccepted++;
        assert.ok(schema.success, `fast accepted what the schema refuses: ${JSON.stringify(doc).slice(0, 300)}`);
        assert.deepEqual(schema.data, doc);
      } else if (schema.success) schemaOnly++;
      // The pod spec of the review's object (a Pod's or a template's), mutated too.
      const request = (base as { request: AdmissionRequest }).request;
      const template = (request.object as { spec: Record<string, unknown> }).spec;
      const spec = mutate(request.kind.kind === "Pod" ? template : (template.template as { spec: unknown }).spec, specPaths[Math.floor(rnd() * specPaths.length)]!, variant(rnd));
      const parsedSpec = podSpecSchema.safeParse(spec);
      if (fastPodSpec(spec)) {
        specs++;
        assert.ok(parsedSpec.success, `fast accepted a pod spec the schema refuses: ${JSON.stringify(spec).slice(0, 300)}`);
        assert.deepEqual(parsedSpec.data, spec);
      } else assert.ok(!parsedSpec.success || spec === null || spec === undefined, `the schema accepts a pod spec the fast check refuses: ${JSON.stringify(spec)?.slice(0, 300)}`);
    }
    assert.ok(specs > 100 && specs < 4900, `fast accepted ${specs} pod specs`);
    assert.ok(fastAccepted > 100 && fastAccepted < 4900, `fast accepted ${fastAccepted}: the mutations both keep and break reviews`);
    assert.equal(schemaOnly, 0, "the schema accepts nothing the fast check refuses here (the check is exact on these fields)");
  });
});
