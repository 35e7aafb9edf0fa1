import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDredgeError } from "../../errors.js";
import { silentLogger } from "../../util/log.js";
import { startRegistry, type TestRegistry } from "../../../test/helpers/registry.js";
import { startServer, type TestServer } from "../../../test/helpers/registry-proxy.js";
import { MediaTypes } from "../media-types.js";
import { sha256Digest } from "./digest.js";
import { RegistryClient } from "./index.js";

const USER = "pusher";
const PASS = "pw";

/** An OCI artifact: empty config, one layer, as `dredge db push` will publish. */
function artifact(layer: Buffer, config: Buffer): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType: "application/vnd.dredge.db.v1",
    config: { mediaType: "application/vnd.oci.empty.v1+json", digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: "application/vnd.dredge.db.layer.v1+sqlite", digest: sha256Digest(layer), size: layer.length }],
    annotations: { "org.opencontainers.image.created": new Date(0).toISOString() },
  }));
}

async function roundTrip(client: RegistryClient, repo: string, layerFile: string): Promise<void> {
  const layer = Buffer.from(`vulnerability db ${repo} ${Math.random()}`.repeat(1000));
  await writeFile(layerFile, layer);
  const config = Buffer.from("{}");
  assert.equal(await client.blobExists(repo, sha256Digest(layer)), false);
  const pushedLayer = await client.pushBlob(repo, { path: layerFile });
  assert.deepEqual(pushedLayer, { digest: sha256Digest(layer), size: layer.length, uploaded: true });
  const pushedConfig = await client.pushBlob(repo, config);
  assert.equal(pushedConfig.uploaded, true);
  assert.equal((await client.pushBlob(repo, config)).uploaded, false, "second push is skipped");
  assert.equal(await client.blobExists(repo, sha256Digest(layer)), true);
  const bytes = artifact(layer, config);
  const digest = await client.pushManifest(repo, "latest", bytes, MediaTypes.ociManifest);
  assert.equal(digest, sha256Digest(bytes));
  const back = await client.getManifest(repo, "latest");
  assert.equal(back.digest, digest);
  assert.ok(back.bytes.equals(bytes));
  assert.equal(back.parsed.kind, "manifest");
  assert.equal(await client.manifestDigest(repo, "latest"), digest);
  assert.ok((await client.getBlob(repo, sha256Digest(layer), 1 << 20)).equals(layer));
  const chunks: Buffer[] = [];
  for await (const c of await client.openBlob(repo, sha256Digest(layer), layer.length)) chunks.push(c as Buffer);
  assert.ok(Buffer.concat(chunks).equals(layer));
}

describe("push primitives against a real registry", () => {
  let plain: TestRegistry;
  let authed: TestRegistry;
  let relative: TestServer;
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), "dredge-registry-push-"));
    [plain, authed] = await Promise.all([startRegistry(), startRegistry({ auth: `${USER}:${PASS}` })]);
    // A proxy that turns the registry's absolute upload Location into a relative one.
    relative = await startServer((req, res) => {
      const out = request(new URL(req.url ?? "/", plain.url), { method: req.method, headers: req.headers }, (up) => {
        const headers = { ...up.headers };
        if (headers.location) headers.location = new URL(headers.location, plain.url).pathname + new URL(headers.location, plain.url).search;
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      });
      req.pipe(out);
    });
  });
  after(async () => {
    await relative?.close();
    await Promise.all([plain?.stop(), authed?.stop()]);
    await rm(tmp, { recursive: true, force: true });
  });

  it("pushes a blob and a manifest, and reads them back", async () => {
    const client = new RegistryClient({ registry: plain.host, logger: silentLogger });
    try {
      await roundTrip(client, "dredge/db", join(tmp, "a.db"));
    } finally {
      await client.close();
    }
  });

  it("follows a relative upload Location", async () => {
    const client = new RegistryClient({ registry: relative.host, logger: silentLogger });
    try {
      await roundTrip(client, "dredge/db-rel", join(tmp, "b.db"));
      assert.ok(relative.requests.some((r) => r.method === "PUT" && r.path.includes("digest=sha256")));
    } finally {
      await client.close();
    }
  });

  it("pushes with credentials, and AUTH_REQUIRED without", async () => {
    const client = new RegistryClient({ registry: authed.host, username: USER, password: PASS, logger: silentLogger });
    const anon = new RegistryClient({ registry: authed.host, dockerConfigDir: tmp, logger: silentLogger });
    try {
      await roundTrip(client, "dredge/db", join(tmp, "c.db"));
      await assert.rejects(anon.pushBlob("dredge/db", Buffer.from("x")), (e: unknown) => isDredgeError(e, "AUTH_REQUIRED"));
    } finally {
      await client.close();
      await anon.close();
    }
  });

  it("rejects a manifest pushed under a digest that does not match", async () => {
    const client = new RegistryClient({ registry: plain.host, logger: silentLogger });
    try {
      await assert.rejects(
        client.pushManifest("dredge/db", `sha256:${"2".repeat(64)}`, Buffer.from("{}"), MediaTypes.ociManifest),
        (e: unknown) => isDredgeError(e, "DIGEST_MISMATCH"),
      );
    } finally {
      await client.close();
    }
  });
});
