import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDredgeError } from "../errors.js";
import { silentLogger } from "../util/log.js";
import { testImages } from "../../test/helpers/images.js";
import { writeBigFileLayer } from "../../test/helpers/hostile-tars.js";
import { gzipFile, resolveAll, writeTar } from "./archive/testing.js";
import { detectTarget, openImageTarget, splitPathRef, type TargetKind } from "./target.js";

describe("TARGET detection", () => {
  const images = testImages();
  let tmp: string;
  let work: string;
  let gz: string;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "dredge-target-"));
    work = mkdtempSync(join(tmp, "work-"));
    gz = join(tmp, "bookworm.docker-archive.tar.gz");
    await gzipFile(images.dockerArchive, gz);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const open = (target: string, platform?: string) =>
    openImageTarget(target, { tmpDir: work, logger: silentLogger }).then(async (source) => {
      try {
        return { kind: source.kind, images: await resolveAll(source, platform) };
      } finally {
        await source.close();
      }
    });

  it("detects every local form, with and without prefixes", async () => {
    const cases: [string, TargetKind, string | undefined][] = [
      [images.dockerArchive, "docker-archive", undefined],
      [images.dockerSaveV25, "docker-archive", undefined],
      [gz, "docker-archive", undefined],
      [images.ociArchive, "oci-archive", undefined],
      [images.oci, "oci-layout", undefined],
      [`oci:${images.oci}:bookworm`, "oci-layout", "bookworm"],
      [`oci-archive:${images.multiOciArchive}`, "oci-archive", undefined],
      [`docker-archive:${images.dockerArchive}:scanner-test/bookworm:latest`, "docker-archive", "scanner-test/bookworm:latest"],
      ["docker-daemon:scanner-test/bookworm:latest", "daemon", "scanner-test/bookworm:latest"],
      ["daemon:alpine", "daemon", "alpine"],
      ["registry:alpine:3.20", "registry", "alpine:3.20"],
      ["docker://ghcr.io/org/app@sha256:" + "a".repeat(64), "registry", "ghcr.io/org/app@sha256:" + "a".repeat(64)],
      ["alpine:3.20", "registry", "alpine:3.20"],
      ["localhost:5000/team/app", "registry", "localhost:5000/team/app"],
    ];
    for (const [target, kind, reference] of cases) {
      const spec = await detectTarget(target);
      assert.equal(spec.kind, kind, target);
      assert.equal(spec.reference, reference, target);
    }
    assert.deepEqual(readdirSync(work), []);
  });

  it("resolves every form of bookworm to the same config and diffIDs", async () => {
    const forms = [
      images.dockerArchive,
      images.dockerSaveV25,
      gz,
      `oci:${images.oci}:bookworm`,
      images.ociArchive,
      `oci-archive:${images.multiOciArchive}`,
      `docker-archive:${images.dockerArchive}:docker.io/scanner-test/bookworm:latest`,
    ];
    const seen = [];
    for (const target of forms) {
      const { images: resolved } = await open(target, "linux/amd64");
      assert.equal(resolved.length, 1, target);
      const m = resolved[0]!.metadata;
      assert.equal(m.layers.length, images.expected.bookworm.layers, target);
      assert.deepEqual(m.layers.map((l) => l.diffId), m.config.diffIds, target);
      assert.deepEqual(m.layers.map((l) => l.createdBy), m.config.history.filter((h) => !h.emptyLayer).map((h) => h.createdBy));
      seen.push({ target, configDigest: m.configDigest, diffIds: m.config.diffIds, config: m.config });
    }
    for (const s of seen.slice(1)) {
      assert.equal(s.configDigest, seen[0]!.configDigest, s.target);
      assert.deepEqual(s.diffIds, seen[0]!.diffIds, s.target);
      assert.deepEqual(s.config, seen[0]!.config, s.target);
    }
    const multi = await open(images.multiOciArchive, "all");
    assert.equal(multi.images.length, 2);
    const arm = await open(images.multiOciArchive, "linux/arm64");
    assert.equal(arm.images[0]!.metadata.platform.architecture, "arm64");
    const rocky = await open(images.rpmDockerArchive);
    assert.equal(rocky.images[0]!.metadata.layers.length, 1);
    assert.deepEqual(readdirSync(work), [], "temp files are removed on close");
  });

  it("opens a registry target without touching the network until resolve", async () => {
    const source = await openImageTarget("registry:127.0.0.1:1/none/such:1", { tmpDir: work, logger: silentLogger });
    assert.equal(source.kind, "registry");
    await source.close();
  });

  it("gives clear errors for paths that do not exist, JSON files, non-image tars and wrong prefixes", async () => {
    const expectError = async (target: string, code: string, pattern: RegExp) => {
      await assert.rejects(open(target), (err) => {
        assert.ok(isDredgeError(err), `${target}: ${String(err)}`);
        assert.equal(err.code, code, `${target}: ${err.message}`);
        assert.match(`${err.message} ${err.hint ?? ""}`, pattern);
        return true;
      });
    };
    const sbom = join(tmp, "sbom.json");
    writeFileSync(sbom, '{"bomFormat":"CycloneDX","specVersion":"1.5"}');
    const plain = join(tmp, "plain.tar");
    await writeTar(plain, [{ name: "etc/hosts", data: "127.0.0.1 localhost\n" }]);
    const layoutOnly = join(tmp, "layout-only.tar");
    await writeTar(layoutOnly, [{ name: "oci-layout", data: '{"imageLayoutVersion":"1.0.0"}' }]);
    const dir = join(tmp, "some-dir");
    mkdirSync(dir);
    const text = join(tmp, "notes.txt");
    writeFileSync(text, "just text\n".repeat(100));

    await expectError("./no/such/image.tar", "IMAGE_NOT_FOUND", /no such file or directory: \.\/no\/such\/image\.tar/);
    await expectError("/no/such/dir", "IMAGE_NOT_FOUND", /no such file/);
    await expectError("missing.tar", "IMAGE_NOT_FOUND", /no such file/);
    await expectError(`docker-archive:${join(tmp, "absent.tar")}`, "IMAGE_NOT_FOUND", /absent\.tar/);
    await expectError(sbom, "INVALID_ARCHIVE", /sbom\.json.*SBOM/);
    await expectError(plain, "INVALID_ARCHIVE", /plain\.tar is a tar archive but not a container image/);
    await expectError(layoutOnly, "INVALID_ARCHIVE", /no index\.json/);
    await expectError(text, "INVALID_ARCHIVE", /notes\.txt is not an image archive/);
    await expectError(dir, "INVALID_ARCHIVE", /some-dir is a directory but not an OCI image layout/);
    await expectError(`oci-archive:${images.dockerArchive}`, "INVALID_ARCHIVE", /expected an OCI archive, but this is a docker archive/);
    await expectError(`oci:${images.oci}:nope`, "IMAGE_NOT_FOUND", /nope.*bookworm-multi/);
    await expectError("Not A Reference", "INVALID_REFERENCE", /Not A Reference/);
    await assert.rejects(detectTarget(plain), (err) => isDredgeError(err, "INVALID_ARCHIVE"));
    assert.deepEqual(readdirSync(work), []);
  });

  it("issue #22: a gzipped archive inflating past maxArchiveBytes is LIMIT_EXCEEDED naming it, and leaves no temp file", async () => {
    const bomb = join(tmp, "bomb.tar.gz");
    await writeBigFileLayer(bomb, 4 * 1024 * 1024);
    const scratch = mkdtempSync(join(tmp, "scratch-"));
    await assert.rejects(openImageTarget(bomb, { tmpDir: scratch, logger: silentLogger, maxArchiveBytes: 1024 * 1024 }), (err) => {
      assert.ok(isDredgeError(err, "LIMIT_EXCEEDED"), String(err));
      assert.match(err.message, /bomb\.tar\.gz: decompressed archive is larger than 1048576 bytes/);
      return true;
    });
    assert.deepEqual(readdirSync(scratch), []);
    const within = await openImageTarget(gz, { tmpDir: scratch, logger: silentLogger, maxArchiveBytes: 1024 ** 3 });
    await within.close();
  });

  it("splits PATH:REF at the longest existing path", () => {
    assert.deepEqual(splitPathRef(`${images.oci}:bookworm`), { path: images.oci, reference: "bookworm" });
    assert.deepEqual(splitPathRef(images.oci), { path: images.oci });
    assert.deepEqual(splitPathRef(`${images.dockerArchive}:a/b:c`), { path: images.dockerArchive, reference: "a/b:c" });
    assert.deepEqual(splitPathRef("/nope/x.tar:tag"), { path: "/nope/x.tar", reference: "tag" });
  });
});
