import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { InspectReport } from "../../src/artifact/inspect-report.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";

const img = testImages();
let cacheDir: string;
before(() => void (cacheDir = mkdtempSync(join(tmpdir(), "dredge-e2e-"))));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

async function inspectJson(target: string, ...extra: string[]): Promise<InspectReport> {
  const r = await runCli(["inspect", target, "--format", "json", "--cache-dir", cacheDir, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as InspectReport;
}

describe("dredge inspect on every source form of the bookworm image", () => {
  const forms = {
    "docker-archive (classic)": img.dockerArchive,
    "docker save (Docker >= 25)": img.dockerSaveV25,
    "oci layout": `oci:${img.oci}:bookworm`,
    "oci archive": img.ociArchive,
  };
  const finalFiles = Number(execFileSync("sh", ["-c", `find '${img.rootfs}' -mindepth 1 | wc -l`]).toString().trim());
  let reference: InspectReport | undefined;
  for (const [name, target] of Object.entries(forms)) {
    it(name, async () => {
      const report = await inspectJson(target);
      assert.equal(report.images.length, 1);
      const image = report.images[0]!;
      assert.equal(image.layers.length, 4);
      assert.equal(image.platform.architecture, "amd64");
      assert.match(image.layers[0]!.createdBy ?? "", /^debootstrap/);
      assert.match(image.layers[2]!.createdBy ?? "", /apt-get purge curl/);
      assert.match(image.layers[3]!.createdBy ?? "", /^COPY legacy-tool/);
      assert.equal(image.history.length, 5);
      assert.equal(image.history[4]!.emptyLayer, true);
      assert.equal(image.config.workingDir, "/usr/src/app");
      assert.deepEqual(image.config.cmd, ["/bin/bash"]);
      assert.equal(image.config.labels["org.opencontainers.image.title"], "scanner-test-bookworm");
      assert.equal(image.fileCount, finalFiles, "files in the merged view = entries of the merged rootfs");
      reference ??= report;
      assert.deepEqual(image.layers.map((l) => l.diffId), reference.images[0]!.layers.map((l) => l.diffId));
      assert.equal(image.imageId, reference.images[0]!.imageId);
    });
  }

  it("the multi-platform index: host platform by default, both with --platform all", async () => {
    const one = await inspectJson(img.multiOciArchive);
    assert.equal(one.images.length, 1);
    assert.equal(one.images[0]!.platform.architecture, "amd64");
    const arm = await inspectJson(img.multiOciArchive, "--platform", "linux/arm64");
    assert.equal(arm.images[0]!.platform.architecture, "arm64");
    const all = await inspectJson(img.multiOciArchive, "--platform", "all");
    assert.deepEqual(all.images.map((i) => i.platform.architecture).sort(), ["amd64", "arm64"]);
    assert.ok(all.images.every((i) => i.indexDigest && i.indexDigest === all.images[0]!.indexDigest));
  });

  it("an unknown platform lists what the index offers", async () => {
    const r = await runCli(["inspect", img.multiOciArchive, "--platform", "linux/s390x", "--cache-dir", cacheDir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no image for platform linux\/s390x/);
    assert.match(r.stderr, /linux\/amd64/);
    assert.match(r.stderr, /linux\/arm64/);
  });

  it("the table format names layers and instructions", async () => {
    const r = await runCli(["inspect", img.dockerArchive, "--cache-dir", cacheDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Platform:\s+linux\/amd64/);
    assert.match(r.stdout, /COPY legacy-tool/);
  });

  it("a rootfs directory", async () => {
    const report = await inspectJson(`rootfs:${img.rootfs}`);
    assert.equal(report.images[0]!.source, "rootfs");
    assert.equal(report.images[0]!.fileCount, finalFiles);
  });
});

describe("dredge CLI basics", () => {
  it("errors name the input and exit 2, without a stack trace", async () => {
    const r = await runCli(["inspect", "./no/such/image.tar", "--cache-dir", cacheDir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no\/such\/image\.tar/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it("--timeout gives up with a clear error", async () => {
    const r = await runCli(["inspect", img.dockerSaveV25, "--no-cache", "--timeout", "1ms", "--cache-dir", cacheDir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /timed out after 0\.001s/);
    assert.match(r.stderr, /--timeout/);
  });

  it("rejects an unknown format", async () => {
    const r = await runCli(["inspect", img.dockerArchive, "--format", "xml", "--cache-dir", cacheDir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid --format: "xml" is not one of table, json/);
  });

  it("a config file and DREDGE_* variables are read, flags win", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-cfg-"));
    try {
      const cfg = join(dir, "dredge.yaml");
      execFileSync("sh", ["-c", `printf 'platform: linux/s390x\\n' > '${cfg}'`]);
      const fromFile = await runCli(["inspect", img.multiOciArchive, "--config", cfg, "--cache-dir", cacheDir]);
      assert.match(fromFile.stderr, /linux\/s390x/);
      const fromEnv = await runCli(["inspect", img.multiOciArchive, "--config", cfg, "--cache-dir", cacheDir, "-f", "json"], { DREDGE_PLATFORM: "linux/arm64" });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      assert.equal((JSON.parse(fromEnv.stdout) as InspectReport).images[0]!.platform.architecture, "arm64");
      const fromFlag = await runCli(["inspect", img.multiOciArchive, "--config", cfg, "--platform", "linux/amd64", "--cache-dir", cacheDir, "-f", "json"], { DREDGE_PLATFORM: "linux/arm64" });
      assert.equal((JSON.parse(fromFlag.stdout) as InspectReport).images[0]!.platform.architecture, "amd64");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the real executable prints help and version", () => {
    const bin = resolve(import.meta.dirname, "../../bin/dredge.js");
    const help = spawnSync(process.execPath, [bin, "inspect", "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--platform/);
    assert.match(help.stdout, /DREDGE_PLATFORM/);
    const v = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });
});
