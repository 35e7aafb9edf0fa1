/**
 * End to end: `--skip-dirs` / `--skip-files` on the real bookworm test image (whose app layer installs
 * lodash under /usr/src/app/node_modules and requests under site-packages) and on a project directory.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { testImages, type TestImages } from "../helpers/images.js";

let dir: string;
let images: TestImages;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "dredge-skip-"));
  images = testImages();
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function components(target: string, ...args: string[]): Promise<string[]> {
  const r = await runCli([...target.startsWith("fs:") ? ["fs", target.slice(3)] : ["image", target], "--scanners", "license",
    "--format", "cyclonedx", "--cache-dir", join(dir, "cache"), ...args]);
  assert.equal(r.code, 0, r.stderr);
  const bom = JSON.parse(r.stdout) as { components: { name: string }[] };
  return bom.components.map((c) => c.name);
}

describe("--skip-dirs and --skip-files", () => {
  it("an image: packages under a skipped directory or in a skipped file are gone, the rest stay", async () => {
    const all = await components(images.ociArchive);
    assert.ok(all.includes("lodash") && all.includes("requests") && all.includes("bash"));
    const skipped = await components(images.ociArchive, "--skip-dirs", "/usr/src/app/node_modules", "--skip-files", "**/requests-*.dist-info/METADATA");
    assert.ok(!skipped.includes("lodash") && !skipped.includes("requests"), skipped.join(" "));
    assert.ok(!skipped.includes("node-fetch"), "everything under the skipped node_modules");
    assert.ok(skipped.includes("bash"));
    assert.deepEqual(all.filter((n) => !skipped.includes(n)).sort(), ["lodash", "node-fetch", "requests"]);
  });

  it("a directory: a skipped sub-project is not read", async () => {
    const root = join(dir, "proj");
    for (const sub of ["a", "b"]) {
      mkdirSync(join(root, sub), { recursive: true });
      writeFileSync(join(root, sub, "requirements.txt"), `${sub === "a" ? "flask" : "django"}==1.0\n`);
    }
    assert.deepEqual((await components(`fs:${root}`)).sort(), ["django", "flask"]);
    assert.deepEqual(await components(`fs:${root}`, "--skip-dirs", "b"), ["flask"]);
    assert.deepEqual(await components(`fs:${root}`, "--skip-dirs", "a", "--skip-dirs", "b"), [], "a repeated flag adds up");
    writeFileSync(join(dir, "dredge.yaml"), "skip-dirs:\n  - a\n");
    assert.deepEqual(await components(`fs:${root}`, "--config", join(dir, "dredge.yaml")), ["django"], "a YAML list in dredge.yaml");
    assert.deepEqual(await components(`fs:${root}`, "--skip-files", "**/requirements.txt"), []);
    const sbom = await runCli(["sbom", `fs:${root}`, "--skip-dirs", "a"]);
    assert.equal(sbom.code, 0, sbom.stderr);
    assert.deepEqual((JSON.parse(sbom.stdout) as { components: { name: string }[] }).components.map((c) => c.name), ["django"], "dredge sbom takes them too");
  });
});
