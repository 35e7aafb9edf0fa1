import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDredgeError } from "../../errors.js";
import { memoryLogger, silentLogger } from "../../util/log.js";
import { testImages } from "../../../test/helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../../../test/helpers/registry.js";
import { hostPlatform, platformMatches } from "../platform.js";
import type { ResolvedImage } from "../types.js";
import { registrySource } from "./index.js";

interface OciDescriptor { digest: string; size: number; platform?: { os: string; architecture: string; variant?: string }; annotations?: Record<string, string> }
interface OciDoc { config: OciDescriptor; layers: OciDescriptor[]; manifests: OciDescriptor[] }

const images = testImages();
const blob = (digest: string): Buffer => readFileSync(join(images.oci, "blobs", ...digest.split(":")));
const ociIndex = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as OciDoc;
const tagDigest = (tag: string): string =>
  ociIndex.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag)!.digest;
const doc = (digest: string): OciDoc => JSON.parse(blob(digest).toString("utf8")) as OciDoc;

async function hashLayer(image: ResolvedImage, i: number): Promise<{ digest: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of await image.openLayer(image.metadata.layers[i]!)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: `sha256:${hash.digest("hex")}`, size };
}

describe("registry source against a real registry", () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startRegistry();
    await pushImage(reg.host, `oci:${images.oci}:bookworm`, "test/bookworm:latest");
    await pushImage(reg.host, `oci:${images.oci}:bookworm-multi`, "test/multi:v1", { all: true });
  });
  after(async () => reg?.stop());

  const bookworm = tagDigest("bookworm");

  it("resolves bookworm by tag with full metadata and verified layers", async () => {
    const src = registrySource(`${reg.host}/test/bookworm`, { logger: silentLogger });
    try {
      assert.equal(src.kind, "registry");
      assert.equal(src.name, `${reg.host}/test/bookworm:latest`);
      const [image, ...rest] = await src.resolve({ logger: silentLogger });
      assert.ok(image);
      assert.equal(rest.length, 0);
      const m = image.metadata;
      const manifest = doc(bookworm);
      assert.equal(m.source, "registry");
      assert.equal(m.manifestDigest, bookworm);
      assert.equal(m.indexDigest, undefined);
      assert.equal(m.configDigest, manifest.config.digest);
      assert.deepEqual(m.repoTags, [`${reg.host}/test/bookworm:latest`]);
      assert.deepEqual(m.repoDigests, [`${reg.host}/test/bookworm@${bookworm}`]);
      const rawConfig = JSON.parse(blob(manifest.config.digest).toString("utf8")) as { architecture: string; rootfs: { diff_ids: string[] } };
      assert.deepEqual(m.rawConfig, rawConfig);
      assert.equal(m.platform.architecture, rawConfig.architecture);
      assert.deepEqual(m.layers.map((l) => l.diffId), rawConfig.rootfs.diff_ids);
      assert.deepEqual(m.layers.map((l) => l.digest), manifest.layers.map((l) => l.digest));
      assert.equal(m.layers.length, images.expected.bookworm.layers);
      assert.match(m.layers[0]!.createdBy ?? "", /debootstrap/);
      assert.match(m.layers[3]!.createdBy ?? "", /^COPY legacy-tool/);
      for (let i = 0; i < m.layers.length; i++) {
        const got = await hashLayer(image, i);
        assert.deepEqual(got, { digest: manifest.layers[i]!.digest, size: manifest.layers[i]!.size });
      }
    } finally {
      await src.close();
    }
  });

  it("resolves by digest (and by tag plus digest)", async () => {
    for (const ref of [`${reg.host}/test/bookworm@${bookworm}`, `${reg.host}/test/bookworm:whatever@${bookworm}`]) {
      const src = registrySource(ref, { logger: silentLogger });
      const [image] = await src.resolve({ logger: silentLogger });
      await src.close();
      assert.equal(image?.metadata.manifestDigest, bookworm);
      assert.deepEqual(image?.metadata.repoDigests, [`${reg.host}/test/bookworm@${bookworm}`]);
    }
  });

  describe("multi-platform index", () => {
    const index = doc(tagDigest("bookworm-multi"));
    const indexDigest = tagDigest("bookworm-multi");
    const resolve = async (platform?: string): Promise<ResolvedImage[]> => {
      const src = registrySource(`${reg.host}/test/multi:v1`, { logger: silentLogger });
      try {
        return await src.resolve({ platform, logger: silentLogger });
      } finally {
        await src.close();
      }
    };

    it("chooses the host platform by default", async () => {
      const images = await resolve();
      const want = index.manifests.find((d) => platformMatches(hostPlatform(), d.platform!))!;
      assert.equal(images.length, 1);
      assert.equal(images[0]!.metadata.manifestDigest, want.digest);
      assert.equal(images[0]!.metadata.indexDigest, indexDigest);
      assert.deepEqual(images[0]!.metadata.repoDigests, [`${reg.host}/test/multi@${indexDigest}`]);
    });

    it("chooses linux/arm64 (variant v8 by default) and reads its layer", async (t) => {
      const src = registrySource(`${reg.host}/test/multi:v1`, { logger: silentLogger });
      t.after(() => src.close());
      const [image, ...rest] = await src.resolve({ platform: "linux/arm64", logger: silentLogger });
      const want = index.manifests.find((d) => d.platform?.architecture === "arm64")!;
      assert.equal(rest.length, 0);
      assert.equal(image!.metadata.manifestDigest, want.digest);
      assert.equal(image!.metadata.platform.architecture, "arm64");
      const layer = doc(want.digest).layers[0]!;
      assert.deepEqual(await hashLayer(image!, 0), { digest: layer.digest, size: layer.size });
    });

    it("takes every platform with all", async () => {
      const all = await resolve("all");
      assert.deepEqual(all.map((i) => i.metadata.manifestDigest).sort(), index.manifests.map((d) => d.digest).sort());
      assert.ok(all.every((i) => i.metadata.indexDigest === indexDigest));
    });

    it("lists the offered platforms for an unknown one", async () => {
      await assert.rejects(resolve("linux/s390x"), (e: unknown) => {
        return isDredgeError(e, "PLATFORM_NOT_FOUND") && /linux\/s390x/.test(e.message) &&
          /linux\/amd64/.test(e.hint ?? "") && /linux\/arm64\/v8/.test(e.hint ?? "");
      });
    });

    it("warns when a single-platform image does not match --platform", async () => {
      const logger = memoryLogger();
      const src = registrySource(`${reg.host}/test/bookworm`, { logger });
      const [image] = await src.resolve({ platform: "linux/s390x", logger });
      await src.close();
      assert.ok(image);
      assert.ok(logger.records.some((r) => r.level === "warn" && /platform/.test(r.msg)));
    });
  });

  it("IMAGE_NOT_FOUND for an unknown tag and an unknown repository", async () => {
    for (const ref of [`${reg.host}/test/bookworm:nope`, `${reg.host}/test/missing:latest`]) {
      const src = registrySource(ref, { logger: silentLogger });
      await assert.rejects(src.resolve({ logger: silentLogger }), (e: unknown) =>
        isDredgeError(e, "IMAGE_NOT_FOUND") && e.message.includes(`${reg.host}/test/`) && /UNKNOWN/.test(e.message));
      await src.close();
    }
  });
});
