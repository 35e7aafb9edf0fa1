/** Hostile nested indexes in an OCI layout (issue #22 item 6): each digest read once, depth and count capped. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDredgeError, type ErrorCode } from "../../errors.js";
import { descriptorOf, docOf, fanOut, indexDoc, OCI_INDEX, OCI_MANIFEST, type Doc } from "../../../test/helpers/index-fan-out.js";
import { MAX_INDEX_MANIFESTS } from "../index-walk.js";
import type { Descriptor } from "../manifest.js";
import { dirStore, type BlobStore } from "./blobs.js";
import { chooseManifests, findByConfig } from "./layout.js";

const config = docOf({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } });
const image = docOf({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptorOf("application/vnd.oci.image.config.v1+json", config), layers: [] });
const amd64 = descriptorOf(OCI_MANIFEST, image, { platform: { os: "linux", architecture: "amd64" } });
const arm64 = descriptorOf(OCI_MANIFEST, image, { platform: { os: "linux", architecture: "arm64" } });

/** A layout holding `docs` whose index.json lists `top`; `reads` counts the documents read. */
function layout(dir: string, top: Doc, docs: readonly Doc[]): { store: BlobStore; reads: () => number; top: Descriptor } {
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  for (const d of [top, config, image, ...docs]) writeFileSync(join(dir, "blobs", "sha256", d.digest.slice(7)), d.bytes);
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  const desc = descriptorOf(OCI_INDEX, top, { annotations: { "org.opencontainers.image.ref.name": "fan" } });
  writeFileSync(join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: [desc] }));
  const inner = dirStore(dir);
  let n = 0;
  const store: BlobStore = { ...inner, where: inner.where, read: (path, max) => (n++, inner.read(path, max)) };
  return { store, reads: () => n, top: desc as Descriptor };
}

const rejectsWith = (code: ErrorCode, re: RegExp) => (e: unknown) => {
  assert.ok(isDredgeError(e, code), `expected ${code}, got ${String(e)}`);
  assert.match(e.message, re);
  return true;
};

describe("OCI layout: hostile index fan-out", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "dredge-fan-out-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("an index 40 wide and 4 deep without the platform asked for: each index read once (161, not 2.5 million)", async () => {
    const { top, docs } = fanOut(40, 4, [arm64]);
    const l = layout(join(tmp, "wide"), indexDoc(top, "top"), docs);
    await assert.rejects(chooseManifests(l.store, l.top, "linux/amd64"), rejectsWith("PLATFORM_NOT_FOUND", /no image for platform linux\/amd64/));
    assert.equal(l.reads(), 1 + 40 * 4);
  });

  it("the same fan-out 3 deep with the platform: one image, each document read once", async () => {
    const { top, docs } = fanOut(40, 3, [amd64, arm64]);
    const l = layout(join(tmp, "three"), indexDoc(top, "top"), docs);
    const choices = await chooseManifests(l.store, l.top, "linux/amd64");
    assert.deepEqual(choices.map((c) => c.manifestDigest), [image.digest]);
    assert.equal(l.reads(), 1 + 40 * 3 + 1);
    assert.equal((await findByConfig(l.store, l.top, config.digest))?.manifestDigest, image.digest);
  });

  it("indexes nested deeper than 4 levels: LIMIT_EXCEEDED naming the layout and tag", async () => {
    const { top, docs } = fanOut(2, 4, [amd64]);
    const dir = join(tmp, "deep");
    const l = layout(dir, indexDoc(top, "top"), docs);
    await assert.rejects(chooseManifests(l.store, l.top, "linux/amd64"), rejectsWith("LIMIT_EXCEEDED", new RegExp(`${dir}:fan: image indexes are nested more than 4 levels deep`)));
    await assert.rejects(findByConfig(l.store, l.top, config.digest), rejectsWith("LIMIT_EXCEEDED", /nested more than 4 levels/));
  });

  it(`an index leading to more than ${MAX_INDEX_MANIFESTS} distinct manifests: LIMIT_EXCEEDED`, async () => {
    const { top, docs } = fanOut(MAX_INDEX_MANIFESTS + 1, 1, []);
    const l = layout(join(tmp, "many"), indexDoc(top, "top"), docs);
    await assert.rejects(chooseManifests(l.store, l.top, "all"), rejectsWith("LIMIT_EXCEEDED", new RegExp(`leads to more than ${MAX_INDEX_MANIFESTS} manifests`)));
    assert.equal(l.reads(), MAX_INDEX_MANIFESTS);
  });
});
