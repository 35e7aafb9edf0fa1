/**
 * `dredge image --input-list` (#21): N images sharing their layers (the bookworm image as an OCI archive, a
 * docker-archive, a Docker ≥ 25 save and an OCI layout: the same diffIDs) scanned in one run, against the
 * same N images scanned by N separate runs — whole processes of bin/dredge.js, paired and alternating, medians.
 * - against N separate runs each with an empty layer cache (N CI jobs): the goal, ≥ 1.5× faster;
 * - against N runs one after another sharing one layer cache (empty before the first): what is left is each
 *   process's start-up, database opening and report, and the reading of each archive.
 * Each one-run measurement starts with an empty layer cache too.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testImages } from "../test/helpers/images.js";
import type { BenchSuite } from "./types.js";

const root = join(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const bin = join(root, "bin/dredge.js");

function timed(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`dredge ${args.join(" ")}: exit ${r.status}: ${r.stderr.slice(-500)}`);
  return performance.now() - t0;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export const inputListSuite: BenchSuite = {
  id: "input-list",
  async run(ctx) {
    if (!existsSync(join(root, "dist/cli/main.js"))) {
      ctx.log("npm run build");
      execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
    }
    const img = testImages();
    const { buildFixtureDb } = await import("../test/scan/fixture-db.js");
    const db = await buildFixtureDb(ctx.tmpDir);
    const images = [img.ociArchive, img.dockerArchive, img.dockerSaveV25, `oci:${img.oci}:bookworm`];
    const list = join(ctx.tmpDir, "images");
    writeFileSync(list, images.join("\n") + "\n");
    const cache = join(ctx.tmpDir, "cache");
    const scan = (target: string[]) => ["image", ...target, "--db", db, "--skip-db-update", "--scanners", "vuln", "--format", "json", "--cache-dir", cache, "-q"];
    const fresh = () => rmSync(cache, { recursive: true, force: true });
    const oneRun = () => (fresh(), timed(scan(["--input-list", list, "--parallel", "2"])));
    const separateCold = () => images.reduce((ms, image) => (fresh(), ms + timed(scan([image]))), 0);
    const separateShared = () => (fresh(), images.reduce((ms, image) => ms + timed(scan([image])), 0));

    ctx.log(`${images.length} images: one --input-list run against ${images.length} runs (${RUNS} rounds, alternating)`);
    const one: number[] = [];
    const cold: number[] = [];
    const shared: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      one.push(oneRun());
      cold.push(separateCold());
      shared.push(separateShared());
    }
    const [a, b, c] = [median(one), median(cold), median(shared)];
    const n = images.length;
    return [
      { suite: "input-list", key: "input-list:one-run-vs-cold-runs", name: `${n} images sharing layers: one run`, value: a, unit: "ms", ratio: a / b, baseline: `of ${n} runs, each cache empty`, target: "≤ 0.67× (≥ 1.5× faster)", ok: b / a >= 1.5 },
      { suite: "input-list", name: `${n} images: ${n} runs, each cache empty`, value: b, unit: "ms" },
      { suite: "input-list", key: "input-list:one-run-vs-shared-cache-runs", name: `${n} images sharing layers: one run`, value: a, unit: "ms", ratio: a / c, baseline: `of ${n} runs sharing a cache` },
      { suite: "input-list", name: `${n} images: ${n} runs sharing a cache`, value: c, unit: "ms" },
    ];
  },
};
