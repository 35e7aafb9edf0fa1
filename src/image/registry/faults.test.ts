import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDredgeError, type ErrorCode } from "../../errors.js";
import { silentLogger } from "../../util/log.js";
import { testImages } from "../../../test/helpers/images.js";
import { freePort, pushImage, startRegistry, type TestRegistry } from "../../../test/helpers/registry.js";
import { forward, startProxy, startServer, type TestServer } from "../../../test/helpers/registry-proxy.js";
import { layoutDescriptor } from "../../../test/helpers/oci-layout-reader.js";
import { MediaTypes } from "../media-types.js";
import { sha256Digest } from "./digest.js";
import { RegistryClient } from "./client.js";
import { registrySource, type RegistrySourceOptions } from "./source.js";

const images = testImages();
const ociBlob = (d: string): Buffer => readFileSync(join(images.oci, "blobs", ...d.split(":")));
// The test images are rebuilt on each machine with other digests: read the manifest's from the layout.
const MANIFEST = layoutDescriptor(images.oci, "rocky9-rpm").digest;
const manifest = JSON.parse(ociBlob(MANIFEST).toString("utf8")) as { layers: { digest: string; size: number }[] };
const LAYER = manifest.layers[0]!;
const layerBytes = ociBlob(LAYER.digest);

type Fault = (req: IncomingMessage, res: ServerResponse) => boolean;
let fault: Fault | undefined;
let reg: TestRegistry;
let proxy: TestServer;
let other: TestServer;

const isManifest = (req: IncomingMessage, tag = "9"): boolean => req.method === "GET" && req.url === `/v2/test/rocky/manifests/${tag}`;
const isLayer = (req: IncomingMessage): boolean => req.method === "GET" && req.url === `/v2/test/rocky/blobs/${LAYER.digest}`;
const counted = (match: (r: IncomingMessage) => boolean) => proxy.requests.filter((r) => match({ method: r.method, url: r.path } as IncomingMessage)).length;

async function pull(tag = "9", options: Partial<RegistrySourceOptions> = {}): Promise<Buffer> {
  const src = registrySource(`${proxy.host}/test/rocky:${tag}`, { logger: silentLogger, retryBaseDelayMs: 20, dockerConfigDir: "/nonexistent", ...options });
  try {
    const [image] = await src.resolve({ logger: silentLogger });
    const chunks: Buffer[] = [];
    for await (const c of await image!.openLayer(image!.metadata.layers[0]!)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  } finally {
    await src.close();
  }
}

const rejectsWith = (p: Promise<unknown>, code: ErrorCode, re?: RegExp) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(isDredgeError(e, code), `expected ${code}, got ${String(e)}`);
    if (re) assert.match(e.message, re);
    return true;
  });

before(async () => {
  reg = await startRegistry();
  await pushImage(reg.host, `oci:${images.oci}:rocky9-rpm`, "test/rocky:9");
  proxy = await startProxy(reg.url, (req, res) => (fault ? fault(req, res) : false));
  other = await startServer((req, res) => forward(req, res, reg.url, {}));
});
after(async () => {
  await proxy?.close();
  await other?.close();
  await reg?.stop();
});

describe("fault injection between client and registry", () => {
  it("passes through untouched (control)", async () => {
    fault = undefined;
    assert.ok((await pull()).equals(layerBytes));
  });

  it("waits for Retry-After on 429, then succeeds", async () => {
    let n = 0;
    fault = (req, res) => {
      if (!isManifest(req) || n++ > 0) return false;
      res.writeHead(429, { "retry-after": "1" }).end();
      return true;
    };
    proxy.requests.length = 0;
    const t0 = Date.now();
    assert.ok((await pull()).equals(layerBytes));
    assert.ok(Date.now() - t0 >= 950, "waited for Retry-After");
    assert.equal(counted((r) => isManifest(r)), 2);
  });

  it("RATE_LIMITED when 429 persists past the retries", async () => {
    fault = (req, res) => {
      if (!isManifest(req)) return false;
      res.writeHead(429, { "retry-after": "0", "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "slow down" }] }));
      return true;
    };
    proxy.requests.length = 0;
    await rejectsWith(pull("9", { retries: 2 }), "RATE_LIMITED", /slow down/);
    assert.equal(counted((r) => isManifest(r)), 3);
  });

  it("retries a 500 and a connection reset, then succeeds", async () => {
    let n = 0;
    fault = (req, res) => {
      if (!isLayer(req)) return false;
      n++;
      if (n === 1) res.writeHead(500).end("boom");
      else if (n === 2) req.socket.destroy();
      else return false;
      return true;
    };
    assert.ok((await pull()).equals(layerBytes));
    assert.equal(n, 3);
  });

  it("REGISTRY_ERROR with the registry's message when 5xx persists", async () => {
    fault = (req, res) => {
      if (!isManifest(req)) return false;
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "UNAVAILABLE", message: "maintenance" }] }));
      return true;
    };
    await rejectsWith(pull("9", { retries: 1 }), "REGISTRY_ERROR", /HTTP 503.*UNAVAILABLE: maintenance/);
  });

  it("fails on a truncated blob (connection dropped mid-body)", async () => {
    fault = (req, res) => {
      if (!isLayer(req)) return false;
      res.writeHead(200, { "content-length": String(layerBytes.length) });
      res.write(layerBytes.subarray(0, 1000), () => setTimeout(() => res.destroy(), 20));
      return true;
    };
    await rejectsWith(pull("9", { retries: 0 }), "NETWORK");
  });

  it("DIGEST_MISMATCH on a short blob with a matching Content-Length", async () => {
    fault = (req, res) => {
      if (!isLayer(req)) return false;
      res.writeHead(200, { "content-length": "1000" }).end(layerBytes.subarray(0, 1000));
      return true;
    };
    await rejectsWith(pull(), "DIGEST_MISMATCH", new RegExp(`size mismatch: expected ${LAYER.size} bytes, got 1000`));
  });

  it("DIGEST_MISMATCH naming the blob and both digests on wrong bytes", async () => {
    const wrong = Buffer.from(layerBytes);
    wrong[100] = wrong[100]! ^ 0xff;
    fault = (req, res) => {
      if (!isLayer(req)) return false;
      res.writeHead(200, { "content-length": String(wrong.length) }).end(wrong);
      return true;
    };
    await rejectsWith(pull(), "DIGEST_MISMATCH", new RegExp(`blob ${LAYER.digest} .*expected ${LAYER.digest}, got ${sha256Digest(wrong)}`));
  });

  it("follows a blob redirect to another host without the Authorization header", async () => {
    fault = (req, res) => {
      if (!req.headers.authorization) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end();
        return true;
      }
      if (!isLayer(req)) return false;
      res.writeHead(307, { location: `${other.url}/v2/test/rocky/blobs/${LAYER.digest}?signed=1` }).end();
      return true;
    };
    other.requests.length = 0;
    proxy.requests.length = 0;
    assert.ok((await pull("9", { username: "u", password: "p" })).equals(layerBytes));
    assert.equal(other.requests.length, 1);
    assert.equal(other.requests[0]!.authorization, undefined);
    assert.ok(proxy.requests.some((r) => r.authorization?.startsWith("Basic ")));
  });

  const serveManifest = (tag: string, type: string, body: string, headers: Record<string, string> = {}): Fault => (req, res) => {
    if (!isManifest(req, tag)) return false;
    res.writeHead(200, { "content-type": type, ...headers }).end(body);
    return true;
  };

  it("UNSUPPORTED_MANIFEST for a schema 1 manifest", async () => {
    const body = JSON.stringify({ schemaVersion: 1, name: "test/rocky", tag: "old", architecture: "amd64", fsLayers: [], history: [] });
    fault = serveManifest("old", MediaTypes.dockerManifestV1Signed, body);
    await rejectsWith(pull("old"), "UNSUPPORTED_MANIFEST", /schema 1/);
  });

  it("INVALID_MANIFEST for a non-JSON manifest", async () => {
    fault = serveManifest("html", MediaTypes.ociManifest, "<html>oops</html>");
    await rejectsWith(pull("html"), "INVALID_MANIFEST", new RegExp(`${proxy.host}/test/rocky:html`));
  });

  it("DIGEST_MISMATCH when Docker-Content-Digest disagrees with the manifest bytes", async () => {
    fault = serveManifest("lie", MediaTypes.ociManifest, ociBlob(MANIFEST).toString("utf8"), { "docker-content-digest": `sha256:${"0".repeat(64)}` });
    await rejectsWith(pull("lie"), "DIGEST_MISMATCH", /Docker-Content-Digest/);
  });

  it("IMAGE_NOT_FOUND on 404, ACCESS_DENIED on 403", async () => {
    const cases: [number, ErrorCode][] = [[404, "IMAGE_NOT_FOUND"], [403, "ACCESS_DENIED"]];
    for (const [status, code] of cases) {
      fault = (req, res) => {
        if (!isManifest(req)) return false;
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ code: "NAME_UNKNOWN", message: "no such repo" }] }));
        return true;
      };
      await rejectsWith(pull(), code, /no such repo/);
    }
  });

  it("TIMEOUT when the registry does not answer", async () => {
    fault = (req) => isManifest(req, "hang");
    const t0 = Date.now();
    await rejectsWith(pull("hang", { timeoutMs: 300, retries: 0 }), "TIMEOUT", /timed out after 300 ms/);
    assert.ok(Date.now() - t0 < 5000);
  });

  it("NETWORK when nothing listens", async () => {
    const port = await freePort();
    const src = registrySource(`127.0.0.1:${port}/test/rocky:9`, { logger: silentLogger, retries: 0 });
    await rejectsWith(src.resolve({ logger: silentLogger }), "NETWORK", new RegExp(`cannot reach http://127.0.0.1:${port}/v2/test/rocky/manifests/9: .*ECONNREFUSED`));
    await src.close();
  });

  it("CANCELLED when the signal aborts", async () => {
    fault = (req) => isManifest(req, "hang");
    await rejectsWith(pull("hang", { signal: AbortSignal.timeout(200) }), "CANCELLED");
  });

  it("refuses to fetch a foreign layer from its URLs", async () => {
    const doc = JSON.parse(ociBlob(MANIFEST).toString("utf8")) as { layers: Record<string, unknown>[] };
    doc.layers[0] = { ...doc.layers[0], digest: `sha256:${"1".repeat(64)}`, mediaType: MediaTypes.dockerLayerForeignGzip, urls: [`${other.url}/foreign.tgz`] };
    fault = serveManifest("foreign", MediaTypes.ociManifest, JSON.stringify(doc));
    other.requests.length = 0;
    await rejectsWith(pull("foreign"), "IMAGE_NOT_FOUND", /foreign .*outside the registry/);
    assert.equal(other.requests.length, 0);
  });

  it("merges index descriptor annotations with the manifest's (manifest wins)", async () => {
    const doc = { ...(JSON.parse(ociBlob(MANIFEST).toString("utf8")) as object), annotations: { b: "manifest", c: "manifest" } };
    const bytes = Buffer.from(JSON.stringify(doc));
    const client = new RegistryClient({ registry: reg.host, logger: silentLogger });
    const digest = await client.pushManifest("test/rocky", sha256Digest(bytes), bytes, MediaTypes.ociManifest);
    await client.close();
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.ociIndex,
      manifests: [{ mediaType: MediaTypes.ociManifest, digest, size: bytes.length, platform: { os: "linux", architecture: "amd64" }, annotations: { a: "index", b: "index" } }],
    });
    fault = serveManifest("annotated", MediaTypes.ociIndex, index);
    const src = registrySource(`${proxy.host}/test/rocky:annotated`, { logger: silentLogger });
    const [image, ...rest] = await src.resolve({ platform: "all", logger: silentLogger });
    await src.close();
    assert.equal(rest.length, 0);
    assert.deepEqual(image!.metadata.annotations, { a: "index", b: "manifest", c: "manifest" });
    assert.equal(image!.metadata.manifestDigest, digest);
    assert.equal(image!.metadata.indexDigest, sha256Digest(index));
    assert.deepEqual(image!.metadata.repoDigests, [`${proxy.host}/test/rocky@${sha256Digest(index)}`]);
  });
});
