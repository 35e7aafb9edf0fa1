/**
 * End to end (issue #22): a tampered layer makes `dredge image` fail with exit 2 and a one-line error, and
 * nothing is cached; a gzipped archive that inflates past --max-layer-bytes fails cleanly, leaving nothing;
 * directory and SBOM targets never write the layer cache. The real executable runs from dist/ (npm run build).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { writeBigFileLayer } from "../helpers/hostile-tars.js";
import { runCli } from "../helpers/cli.js";
import { debianLayer, fakePadded, imageParts, serveImage } from "../helpers/tampered-images.js";

const bin = resolve(import.meta.dirname, "../../bin/dredge.js");
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "dredge-e2e-verify-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The real executable, asynchronously: the loopback registry of this process must keep answering. */
function dredge(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, HOME: dir } }, (err, stdout, stderr) => {
      done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const layerEntries = (cacheDir: string): string[] =>
  existsSync(join(cacheDir, "layers")) ? readdirSync(join(cacheDir, "layers"), { recursive: true }).map(String).filter((f) => f.endsWith(".json.gz")) : [];

describe("dredge verifies what it scans", () => {
  it("a registry serving gzip(tar(fake)) + zeros under the genuine layer digest: exit 2, one-line error, nothing cached", async () => {
    const parts = await imageParts([[...debianLayer(["genuine-tool"]), { path: "opt/data.bin", content: randomBytes(1024 * 1024) }]]);
    const served = new Map([[parts.layerDigests[0]!, await fakePadded(parts.blobs[0]!, ["fake-clean"])]]);
    const server = await serveImage("team/app", parts, served);
    const cacheDir = join(dir, "cache-registry");
    try {
      const r = await dredge(["image", `${new URL(server.url).host}/team/app`, "--scanners", "license", "--format", "json", "--cache-dir", cacheDir]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, "", "no report");
      const [first, ...rest] = r.stderr.trimEnd().split("\n");
      assert.match(first!, /^error: .*digest mismatch: expected sha256:[a-f0-9]{64}/);
      assert.ok(first!.includes(parts.layerDigests[0]!), "the error names the layer blob");
      assert.ok(rest.every((l) => l.startsWith("hint: ")), `one error line, then hints: ${r.stderr}`);
      assert.deepEqual(layerEntries(cacheDir), [], "nothing cached");
    } finally {
      await server.close();
    }
  });

  it("a gzipped archive inflating past --max-layer-bytes: LIMIT_EXCEEDED naming it, and no temp file left", async () => {
    const bomb = join(dir, "bomb.tar.gz");
    await writeBigFileLayer(bomb, 8 * 1024 * 1024);
    const cacheDir = join(dir, "cache-bomb");
    const r = await runCli(["image", bomb, "--max-layer-bytes", "1M", "--scanners", "license", "--cache-dir", cacheDir]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^error: ${bomb}: decompressed archive is larger than 1048576 bytes\\n`));
    assert.deepEqual(readdirSync(join(cacheDir, "tmp")), [], "the inflated archive is gone");
  });

  it("rootfs and SBOM targets never write the layer cache; an SBOM's report says it is unverified", async () => {
    const root = join(dir, "rootfs");
    for (const e of debianLayer(["rootfs-tool"])) {
      mkdirSync(join(root, e.path, ".."), { recursive: true });
      writeFileSync(join(root, e.path), e.content ?? "");
    }
    const sbom = join(dir, "bom.json");
    writeFileSync(sbom, JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", components: [{ type: "library", name: "lodash", version: "4.17.0", purl: "pkg:npm/lodash@4.17.0" }] }));
    const cacheDir = join(dir, "cache-dirs");
    const unverified: unknown[] = [];
    for (const args of [["rootfs", root], ["image", sbom]]) {
      const r = await runCli([...args, "--scanners", "license", "--format", "json", "--cache-dir", cacheDir]);
      assert.equal(r.code, 0, r.stderr);
      unverified.push((JSON.parse(r.stdout) as { artifact: { unverified?: boolean } }).artifact.unverified);
    }
    assert.deepEqual(layerEntries(cacheDir), []);
    assert.deepEqual(unverified, [undefined, true]);
  });
});
