/**
 * Layer walker bench: full walk + merge of every layer, as a ratio to `gzip -dc LAYER | tar -t` over the same
 * layers in the same run, and peak RSS of the walking process. Images: the bookworm test image, and a
 * generated large image (≥ 1 GB uncompressed, ≥ 100,000 files) built under ctx.tmpDir.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { testImages } from "../test/helpers/images.js";
import { readLayoutLayers } from "../test/helpers/oci-layout-reader.js";
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";
import { PEAK_RSS_SNIPPET } from "./types.js";
import { buildLargeImage } from "./walk-image.js";

const src = join(import.meta.dirname, "../src");

/** Walks and merges the layers given as arguments; prints { ms, entries, maxRssBytes }. */
const childCode = `
${PEAK_RSS_SNIPPET}
import { createReadStream } from "node:fs";
import { openLayerTar } from ${JSON.stringify(join(src, "layer/decompress.ts"))};
import { walkLayer } from ${JSON.stringify(join(src, "layer/walk.ts"))};
import { FileTree } from ${JSON.stringify(join(src, "layer/file-tree.ts"))};
import { silentLogger } from ${JSON.stringify(join(src, "util/log.ts"))};
const files = process.argv.slice(1);
const cpu0 = process.cpuUsage();
const started = performance.now();
const tree = new FileTree();
for (const [i, file] of files.entries()) {
  const where = "layer " + i;
  const tar = openLayerTar(createReadStream(file, { highWaterMark: 1 << 20 }), where);
  for await (const ev of walkLayer(tar, { where, logger: silentLogger })) tree.applyEvent(i, ev);
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
let entries = 0;
for (const _ of tree.files()) entries++;
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, entries, maxRssBytes: peakRss() }));
`;

interface ChildResult {
  ms: number;
  /** CPU time (user + system, all threads) of the walk itself. */
  cpuMs: number;
  entries: number;
  maxRssBytes: number;
}

function walkInChild(files: readonly string[]): ChildResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", childCode, ...files], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as ChildResult;
}

interface Timing {
  ms: number;
  cpuMs: number;
}

/** Wall time of `gzip -dc LAYER | tar -t` over the layers, and the CPU time of gzip and tar (bash `times`). */
function gzipTarList(files: readonly string[]): Timing {
  const started = performance.now();
  const script = 'for f in "$@"; do gzip -dc "$f" | tar -t > /dev/null || exit 1; done; times';
  const r = spawnSync("bash", ["-c", script, "bash", ...files], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`gzip -dc | tar -t failed: ${r.stderr}`);
  const ms = performance.now() - started;
  const children = r.stdout.trim().split("\n").pop()!.split(/\s+/).map(seconds);
  return { ms, cpuMs: children.reduce((a, b) => a + b, 0) * 1000 };
}

/** `1m2.345s` → 62.345 */
function seconds(t: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(t);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/** Best of `runs` for both sides, interleaved so machine load affects them alike. */
function measure(label: string, files: readonly string[], rssTarget: number | undefined, ctx: BenchContext, runs = 3): BenchRow[] {
  const walk: ChildResult[] = [];
  const base: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(gzipTarList(files));
    walk.push(walkInChild(files));
    ctx.log(`${label}: run ${i + 1}: walk+merge ${Math.round(walk[i]!.ms)} ms (cpu ${Math.round(walk[i]!.cpuMs)}), gzip|tar ${Math.round(base[i]!.ms)} ms (cpu ${Math.round(base[i]!.cpuMs)})`);
  }
  const best = (xs: number[]): number => Math.min(...xs);
  const ms = best(walk.map((w) => w.ms));
  const baseMs = best(base.map((b) => b.ms));
  const cpuMs = best(walk.map((w) => w.cpuMs));
  const baseCpu = best(base.map((b) => b.cpuMs));
  const rssMb = Math.max(...walk.map((w) => w.maxRssBytes)) / 1e6;
  const entries = walk[0]!.entries;
  const suite = "walk";
  return [
    { suite, name: `${label}: walk + merge, wall (${entries} entries)`, value: ms, unit: "ms", ratio: ms / baseMs, baseline: "gzip -dc | tar -t", target: "≤ 1.3×", ok: ms / baseMs <= 1.3 },
    { suite, name: `${label}: walk + merge, CPU`, value: cpuMs, unit: "ms", ratio: cpuMs / baseCpu, baseline: "gzip -dc | tar -t (CPU)" },
    { suite, name: `${label}: peak RSS of walk + merge`, value: rssMb, unit: "MB", ...(rssTarget ? { target: `≤ ${rssTarget} MB`, ok: rssMb <= rssTarget } : {}) },
  ];
}

export const walkSuite: BenchSuite = {
  id: "walk",
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const bookworm = readLayoutLayers(testImages().oci, "bookworm").map((l) => l.file);
    const rows = measure("bookworm (4 gzip layers)", bookworm, undefined, ctx);
    ctx.log("building the large image");
    const large = await buildLargeImage(ctx.tmpDir, ctx.log);
    rows.push(...measure(`generated (${large.layers.length} layers, ${Math.round(large.bytes / 1e6)} MB, ${large.files} files)`, large.layers, 200, ctx));
    return rows;
  },
};
