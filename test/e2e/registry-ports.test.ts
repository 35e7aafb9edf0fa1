/**
 * A registry on a port that WHATWG fetch calls "bad" (6000, 6665–6669, 10080…): skopeo and Docker reach it,
 * so must Dredge (it speaks HTTP through undici's request API, not fetch).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";

const BLOCKED_BY_FETCH = [6000, 6665, 6666, 6667, 6668, 6669, 10080, 6697, 4190, 5060];

const img = testImages();
let cacheDir: string;
let registry: TestRegistry;
before(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), "dredge-ports-"));
  registry = await startRegistry({ ports: BLOCKED_BY_FETCH });
  await pushImage(registry.host, `oci:${img.oci}:bookworm`, "test/bookworm:latest");
});
after(async () => {
  await registry?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe("registries on ports fetch refuses", () => {
  it("inspects an image on such a port", async () => {
    const port = Number(registry.host.split(":")[1]);
    assert.ok(BLOCKED_BY_FETCH.includes(port), `registry on ${registry.host}`);
    const r = await runCli(["inspect", `${registry.host}/test/bookworm:latest`, "--format", "json", "--cache-dir", cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { images: { layers: unknown[] }[] };
    assert.equal(out.images[0]?.layers.length, img.expected.bookworm.layers);
  });
});
