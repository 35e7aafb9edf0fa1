/**
 * Language-package inventory on a generated image (10,000-package node_modules, 1,000 dist-infos, 50
 * Spring-Boot fat jars; bench/lang-image.ts). Each run is a child process on the compiled dist/: the walk alone
 * (no analyzers, the baseline) and the inventory (every image analyzer, then buildInventory), interleaved,
 * medians of BENCH_LANG_RUNS (default 5). Targets: inventory ≤ 1.5× the walk, peak RSS ≤ 250 MB.
 * BENCH_CPU_PROF=DIR writes a .cpuprofile of each inventory child to DIR.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { BenchContext, BenchSuite } from "./types.js";
import { PEAK_RSS_SNIPPET } from "./types.js";
import { langImage, type LangImage } from "./lang-image.js";

const root = join(import.meta.dirname, "..");
const imp = (p: string) => JSON.stringify(join(root, "dist", p));

const childCode = `
import { analyzeImage } from ${imp("artifact/image.js")};
import { analyzers } from ${imp("analyzer/registry.js")};
import { openImageTarget } from ${imp("image/target.js")};
import { buildInventory } from ${imp("inventory/build.js")};
import { silentLogger } from ${imp("util/log.js")};
${PEAK_RSS_SNIPPET}
const [mode, target, tmp] = process.argv.slice(1);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const source = await openImageTarget(target, { tmpDir: tmp, logger: silentLogger });
const [image] = await source.resolve({ logger: silentLogger });
const a = await analyzeImage(image, { analyzers: mode === "walk" ? [] : analyzers, logger: silentLogger });
await source.close();
const counts = {};
let warnings = a.warnings.length;
if (mode === "inventory") {
  const inv = buildInventory(a);
  for (const p of inv.packages) counts[p.type] = (counts[p.type] ?? 0) + 1;
  warnings = inv.warnings.length;
}
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssBytes: peakRss(), files: a.fileCount, counts, warnings }));
`;

type Mode = "walk" | "inventory";

interface Child { ms: number; cpuMs: number; maxRssBytes: number; files: number; counts: Record<string, number>; warnings: number }

function child(mode: Mode, archive: string, tmp: string): Child {
  const prof = process.env.BENCH_CPU_PROF;
  const flags = prof && mode === "inventory" ? ["--cpu-prof", "--cpu-prof-dir", prof] : [];
  const out = execFileSync(process.execPath, [...flags, "--input-type=module", "-e", childCode, mode, `oci-archive:${archive}`, tmp], { encoding: "utf8", cwd: root, maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as Child;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Throws when a type's count is more than 2% away from what the generator put in the image. */
function checkCounts(img: LangImage, found: Record<string, number>, ctx: BenchContext): void {
  const off: string[] = [];
  for (const [type, want] of Object.entries(img.expected)) {
    const got = found[type] ?? 0;
    ctx.log(`${type}: found ${got}, generated ${want}`);
    if (Math.abs(got - want) > want * 0.02) off.push(`${type} ${got} (expected ${want})`);
  }
  if (off.length > 0) throw new Error(`lang bench: the inventory is wrong: ${off.join(", ")}`);
}

export const langSuite: BenchSuite = {
  id: "lang",
  async run(ctx) {
    ctx.log("npm run build (children use dist/)");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
    const img = await langImage(ctx.tmpDir, ctx.log);
    const runs = Number(process.env.BENCH_LANG_RUNS ?? 5);
    const walk: Child[] = [];
    const inv: Child[] = [];
    for (let i = 0; i < runs; i++) {
      walk.push(child("walk", img.archive, ctx.tmpDir));
      inv.push(child("inventory", img.archive, ctx.tmpDir));
      ctx.log(`run ${i + 1}: walk ${Math.round(walk[i]!.ms)} ms, inventory ${Math.round(inv[i]!.ms)} ms (cpu ${Math.round(inv[i]!.cpuMs)}, ${Math.round(inv[i]!.maxRssBytes / 1048576)} MB)`);
    }
    checkCounts(img, inv[0]!.counts, ctx);
    ctx.log(`inventory warnings: ${inv[0]!.warnings}`);
    const walkMs = median(walk.map((w) => w.ms));
    const invMs = median(inv.map((w) => w.ms));
    const rssMb = Math.max(...inv.map((w) => w.maxRssBytes)) / 1048576;
    const walkRss = Math.max(...walk.map((w) => w.maxRssBytes)) / 1048576;
    const total = Object.values(inv[0]!.counts).reduce((a, b) => a + b, 0);
    const label = `generated (${img.files} files, ${Math.round(img.bytes / 1e6)} MB)`;
    const suite = "lang";
    return [
      { suite, name: `${label}: walk alone (baseline)`, value: walkMs, unit: "ms" },
      { suite, name: `${label}: inventory (${total} packages)`, value: invMs, unit: "ms", ratio: invMs / walkMs, baseline: "of the walk", target: "≤ 1.5×", ok: invMs / walkMs <= 1.5 },
      { suite, name: `${label}: inventory CPU`, value: median(inv.map((w) => w.cpuMs)), unit: "ms", ratio: median(inv.map((w) => w.cpuMs)) / median(walk.map((w) => w.cpuMs)), baseline: "of the walk (CPU)" },
      { suite, name: `${label}: walk alone peak RSS`, value: walkRss, unit: "MB" },
      { suite, name: `${label}: inventory peak RSS`, value: rssMb, unit: "MB", target: "≤ 250 MB", ok: rssMb <= 250 },
    ];
  },
};
