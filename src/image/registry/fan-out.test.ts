/** Hostile indexes served by a loopback registry (issue #22 item 6): bounded requests, clear errors. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isDredgeError, type ErrorCode } from "../../errors.js";
import { silentLogger } from "../../util/log.js";
import { descriptorOf, docOf, fanOut, indexDoc, OCI_INDEX, OCI_MANIFEST, type Descriptor, type Doc } from "../../../test/helpers/index-fan-out.js";
import { startServer, type TestServer } from "../../../test/helpers/registry-proxy.js";
import { MAX_INDEX_MANIFESTS } from "../index-walk.js";
import { registrySource } from "./source.js";

const config = docOf({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } });
const image = docOf({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptorOf("application/vnd.oci.image.config.v1+json", config), layers: [] });
const amd64 = descriptorOf(OCI_MANIFEST, image, { platform: { os: "linux", architecture: "amd64" } });

/** tag → top index; digest → document (manifests and blobs alike). */
const tags = new Map<string, Doc>();
const byDigest = new Map<string, { doc: Doc; type: string }>();
const serve = (doc: Doc, type: string) => byDigest.set(doc.digest, { doc, type });
let server: TestServer;

before(async () => {
  serve(config, "application/octet-stream");
  serve(image, OCI_MANIFEST);
  server = await startServer((req, res) => {
    const m = /^\/v2\/test\/fan\/(manifests|blobs)\/(.+)$/.exec(req.url ?? "");
    if (req.url === "/v2/") return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    const tagged = m?.[1] === "manifests" ? tags.get(m[2]!) : undefined;
    const hit = tagged ? { doc: tagged, type: OCI_INDEX } : m ? byDigest.get(m[2]!) : undefined;
    if (!hit) return void res.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    res.writeHead(200, { "content-type": hit.type, "docker-content-digest": hit.doc.digest, "content-length": hit.doc.bytes.length }).end(hit.doc.bytes);
  });
});
after(async () => server?.close());

function publish(tag: string, manifests: readonly Descriptor[], docs: readonly Doc[] = []): void {
  for (const d of docs) serve(d, OCI_INDEX);
  tags.set(tag, indexDoc(manifests, tag));
}

async function resolve(tag: string) {
  const src = registrySource(`${server.host}/test/fan:${tag}`, { logger: silentLogger, retryBaseDelayMs: 20, dockerConfigDir: "/nonexistent" });
  try {
    return await src.resolve({ logger: silentLogger, platform: "all" });
  } finally {
    await src.close();
  }
}

const manifestRequests = (tag: string, from: number) =>
  server.requests.slice(from).filter((r) => r.path.startsWith("/v2/test/fan/manifests/") && !r.path.endsWith(`/${tag}`)).length;

const rejectsWith = (code: ErrorCode, re: RegExp) => (e: unknown) => {
  assert.ok(isDredgeError(e, code), `expected ${code}, got ${String(e)}`);
  assert.match(e.message, re);
  return true;
};

describe("registry: hostile index fan-out", () => {
  it("an index 40 wide and 4 deep: refused at its first nested index, after one child request", async () => {
    const { top, docs } = fanOut(40, 4, [amd64]);
    publish("deep", top, docs);
    const from = server.requests.length;
    await assert.rejects(resolve("deep"), rejectsWith("UNSUPPORTED_MANIFEST", /test\/fan:deep: index entry sha256:[0-9a-f]{64} is itself an index/));
    assert.equal(manifestRequests("deep", from), 1);
  });

  it("an index listing the same image 40 times: one image, fetched once", async () => {
    publish("same", Array.from({ length: 40 }, () => amd64));
    const from = server.requests.length;
    const images = await resolve("same");
    assert.equal(images.length, 1);
    assert.equal(images[0]!.metadata.manifestDigest, image.digest);
    assert.equal(manifestRequests("same", from), 1);
  });

  it(`an index of more than ${MAX_INDEX_MANIFESTS} manifests: LIMIT_EXCEEDED naming the image, before fetching any`, async () => {
    const many = Array.from({ length: MAX_INDEX_MANIFESTS + 1 }, (_, i) =>
      descriptorOf(OCI_MANIFEST, docOf({ fake: i }), { platform: { os: "linux", architecture: `arch${i}` } }));
    publish("many", many);
    const from = server.requests.length;
    await assert.rejects(resolve("many"), rejectsWith("LIMIT_EXCEEDED", new RegExp(`${server.host}/test/fan:many: the image index leads to more than ${MAX_INDEX_MANIFESTS} manifests`)));
    assert.equal(manifestRequests("many", from), 0);
  });
});
