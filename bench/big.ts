/**
 * The big image (bench/big-image.ts: 42 layers, ≥ 2 GB uncompressed, ≥ 200,000 files, thousands of packages,
 * rewrites and whiteouts): `dredge sbom` (inventory) and `dredge image` (vuln + secret) without cache, whole
 * processes, each against the floor (untar the archive, `gzip -dc LAYER | tar -t` each layer, one core),
 * paired and alternating; wall time, CPU time (every thread) and peak RSS. Targets (issue #23): time ≤ 1.3×
 * the floor, peak RSS ≤ 250 MB. The inventory is checked against the generator's package counts.
 * BENCH_BIG_RUNS pairs (default 1: each run reads 1.4 GB and walks 3 GB); the image is generated once into
 * DREDGE_BENCH_CACHE (about 1.5 GB of disk, a few minutes) and reused while the generator is unchanged.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { bigImage, type BigImage } from "./big-image.js";
import { dredge, floorScript, paired, shell, type Run } from "./process.js";
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";

const root = join(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_BIG_RUNS ?? 1);
const mb = (b: number) => b / 2 ** 20;

function rows(label: string, key: string, d: Run, floor: Run): BenchRow[] {
  const suite = "big";
  const rss = mb(d.maxRssBytes ?? 0);
  return [
    { suite, key, name: `${label}: whole process`, value: d.ms, unit: "ms", ratio: d.ms / floor.ms, baseline: "of the floor", target: "≤ 1.3×", ok: d.ms <= 1.3 * floor.ms },
    { suite, key: `${key}:cpu`, name: `${label}: CPU`, value: d.cpuMs!, unit: "ms", ratio: d.cpuMs! / floor.cpuMs!, baseline: "of the floor (CPU)" },
    { suite, name: `${label}: peak RSS`, value: rss, unit: "MB", target: "≤ 250 MB", ok: rss <= 250 },
  ];
}

/** Packages per type in a CycloneDX SBOM (from the purl's type). */
function countTypes(file: string): Record<string, number> {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { components?: { purl?: string }[] };
  const counts: Record<string, number> = {};
  for (const c of doc.components ?? []) {
    const type = /^pkg:([^/]+)\//.exec(c.purl ?? "")?.[1];
    if (type) counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** Throws when a type's count is more than 2% away from what the generator put in the image. */
function checkInventory(img: BigImage, file: string, ctx: BenchContext): void {
  const found = countTypes(file);
  const want: Record<string, number> = { deb: img.expected.deb, npm: img.expected.npm, pypi: img.expected.pypi, maven: img.expected.maven };
  const off: string[] = [];
  for (const [type, n] of Object.entries(want)) {
    ctx.log(`${type}: found ${found[type] ?? 0}, generated ${n}`);
    if (Math.abs((found[type] ?? 0) - n) > n * 0.02) off.push(`${type} ${found[type] ?? 0} (expected ${n})`);
  }
  if (off.length > 0) throw new Error(`big bench: the inventory is wrong: ${off.join(", ")}`);
}

async function fixtureDb(ctx: BenchContext): Promise<string> {
  const { buildFixtureDb } = await import("../test/scan/fixture-db.js");
  return buildFixtureDb(ctx.tmpDir);
}

export const bigSuite: BenchSuite = {
  id: "big",
  async run(ctx) {
    if (process.env.BENCH_BUILD !== "0") {
      ctx.log("npm run build (the bundled CLI)");
      execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
    }
    const img = await bigImage(ctx.tmpDir, ctx.log);
    ctx.log(`big image: ${img.layers} layers, ${img.files} files written (${img.whiteouts} whiteouts), ${(img.bytes / 1e9).toFixed(2)} GB uncompressed, ${(img.compressedBytes / 1e9).toFixed(2)} GB archive`);
    const db = await fixtureDb(ctx);
    const floorDir = join(ctx.tmpDir, "floor");
    const sbomFile = join(ctx.tmpDir, "big.cdx.json");
    const common = ["--no-cache", "--cache-dir", join(ctx.tmpDir, "cache"), "-q"];
    const floor = (): Run => shell(floorScript(img.archive, floorDir));
    const label = `big image (${img.layers} layers, ${Math.round(img.bytes / 1e9 * 10) / 10} GB, ${Math.round(img.files / 1000)}k files)`;

    ctx.log(`dredge sbom against the floor (${RUNS} pairs)`);
    const s = paired(RUNS, () => dredge(["sbom", img.archive, "-o", sbomFile, ...common]), floor);
    checkInventory(img, sbomFile, ctx);
    rmSync(sbomFile, { force: true });
    ctx.log(`dredge image (vuln, secret) against the floor (${RUNS} pairs)`);
    const c = paired(RUNS, () => dredge(["image", img.archive, "--db", db, "--format", "json", ...common]), floor);
    ctx.log(`floor: ${Math.round(s.b.ms)} ms, CPU ${Math.round(s.b.cpuMs!)} ms`);
    return [
      { suite: "big", name: `${label}: floor`, value: s.b.ms, unit: "ms" },
      ...rows(`${label}: sbom`, "big:sbom", s.a, s.b),
      ...rows(`${label}: image`, "big:image", c.a, c.b),
    ];
  },
};
