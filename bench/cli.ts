/**
 * The `dredge` process as users run it (bin/dredge.js, the bundle when built): each row is the median of
 * paired, alternating runs of Dredge and its yardstick, timed as whole processes (wall, and peak RSS from
 * /proc), with the in-process part (main() alone, module loading of the command included) beside it.
 * - `dredge --version` against `node -e 0` (Node's own start-up);
 * - SBOM and vulnerability + secret scan of the bookworm OCI archive, no cache, against the floor: untar the
 *   archive and `gzip -dc LAYER | tar -t` each layer, on one core;
 * - the same scan again with the layer cache warm, against the cold scan.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { testImages } from "../test/helpers/images.js";
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";
import { PEAK_RSS_SNIPPET } from "./types.js";

const root = join(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Runs bin/dredge.js's main in this process and reports the in-process time and peak RSS on stderr. */
const wrapper = `
${PEAK_RSS_SNIPPET}
const t0 = performance.now();
const { existsSync } = await import("node:fs");
const bundle = ${JSON.stringify(join(root, "dist/bundle/dredge.js"))};
const { main } = await import(existsSync(bundle) ? bundle : ${JSON.stringify(join(root, "dist/cli/main.js"))});
const code = await main(["node", "dredge", ...process.argv.slice(1)]);
process.stderr.write("\\nBENCH " + JSON.stringify({ inMs: performance.now() - t0, maxRssBytes: peakRss() }) + "\\n");
process.stdout.write("", () => process.exit(code));
`;

interface Run {
  ms: number;
  inMs?: number;
  maxRssBytes?: number;
}

function dredge(args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", wrapper, "--", ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`dredge ${args.join(" ")}: exit ${r.status}: ${r.stderr.slice(-500)}`);
  const m = /\nBENCH (.*)\n/.exec(r.stderr);
  if (!m) throw new Error(`dredge ${args.join(" ")}: no timing from the wrapper: ${r.stderr.slice(-500)}`);
  return { ms, ...(JSON.parse(m[1]!) as Omit<Run, "ms">) };
}

function shell(script: string): Run {
  const t0 = performance.now();
  const r = spawnSync("bash", ["-c", script], { stdio: "ignore" });
  if (r.status !== 0) throw new Error(`${script}: exit ${r.status}`);
  return { ms: performance.now() - t0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** `RUNS` pairs, alternating (a, b, a, b…) so that load on the machine falls on both alike; medians. */
function paired(a: () => Run, b: () => Run): { a: Run; b: Run } {
  const as: Run[] = [];
  const bs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(a());
    bs.push(b());
  }
  const med = (runs: Run[]): Run => ({
    ms: median(runs.map((r) => r.ms)),
    ...(runs[0]!.inMs !== undefined ? { inMs: median(runs.map((r) => r.inMs!)) } : {}),
    ...(runs[0]!.maxRssBytes !== undefined ? { maxRssBytes: Math.max(...runs.map((r) => r.maxRssBytes!)) } : {}),
  });
  return { a: med(as), b: med(bs) };
}

/** The floor: untar the archive, then each layer blob through `gzip -dc | tar -t`. */
function floorScript(archive: string, dir: string): string {
  const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  return `set -e; rm -rf ${q(dir)}; mkdir -p ${q(dir)}; tar -xf ${q(archive)} -C ${q(dir)}; for f in $(find ${q(dir)}/blobs -type f); do if [ "$(head -c2 "$f" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then gzip -dc "$f" | tar -t > /dev/null; fi; done`;
}

const mb = (b: number | undefined) => (b === undefined ? undefined : b / 2 ** 20);

/** `target`: the goal for the whole process, and whether today's run meets it. */
function rows(name: string, key: string, d: Run, base: Run, baseline: string, target: { text: string; ok: boolean }): BenchRow[] {
  const out: BenchRow[] = [{ suite: "cli", key, name: `${name}: whole process`, value: d.ms, unit: "ms", ratio: d.ms / base.ms, baseline, target: target.text, ok: target.ok }];
  if (d.inMs !== undefined) out.push({ suite: "cli", key: `${key}:in-process`, name: `${name}: in process (main)`, value: d.inMs, unit: "ms", ratio: d.inMs / base.ms, baseline });
  const rss = mb(d.maxRssBytes);
  if (rss !== undefined) out.push({ suite: "cli", name: `${name}: peak RSS`, value: rss, unit: "MB" });
  return out;
}

async function fixtureDb(ctx: BenchContext): Promise<string> {
  const { buildFixtureDb } = await import("../test/scan/fixture-db.js");
  return buildFixtureDb(ctx.tmpDir);
}

export const cliSuite: BenchSuite = {
  id: "cli",
  async run(ctx) {
    ctx.log("npm run build (the bundled CLI)");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
    const img = testImages();
    const db = await fixtureDb(ctx);
    const cache = join(ctx.tmpDir, "cache");
    const floorDir = join(ctx.tmpDir, "floor");
    const out: BenchRow[] = [];

    ctx.log(`dredge --version against node -e 0 (${RUNS} pairs)`);
    const v = paired(() => dredge(["--version"]), () => shell(`${JSON.stringify(process.execPath)} -e 0`));
    out.push(...rows("dredge --version", "cli:version", v.a, v.b, "of node -e 0", { text: "≤ 0.10 s", ok: v.a.ms <= 100 }));

    const common = ["--cache-dir", cache, "-q"];
    ctx.log("dredge sbom, no cache, against the floor");
    const s = paired(() => dredge(["sbom", img.ociArchive, "--no-cache", ...common]), () => shell(floorScript(img.ociArchive, floorDir)));
    out.push(...rows("sbom bookworm OCI archive, no cache", "cli:sbom-cold", s.a, s.b, "of the floor", { text: "≤ 1.0×", ok: s.a.ms <= s.b.ms }));

    ctx.log("dredge image (vuln, secret), no cache, against the floor");
    const scan = ["image", img.ociArchive, "--db", db, "--format", "json", ...common];
    const c = paired(() => dredge([...scan, "--no-cache"]), () => shell(floorScript(img.ociArchive, floorDir)));
    out.push(...rows("image bookworm OCI archive, no cache", "cli:image-cold", c.a, c.b, "of the floor", { text: "≤ 1.2×", ok: c.a.ms <= 1.2 * c.b.ms }));

    ctx.log("dredge image, layer cache warm, against the cold scan");
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    dredge(scan);
    const w = paired(() => dredge(scan), () => dredge([...scan, "--no-cache"]));
    out.push(...rows("image bookworm OCI archive, cache warm", "cli:image-warm", w.a, w.b, "of the cold scan", { text: "≤ 0.08×", ok: w.a.ms <= 0.08 * w.b.ms }));
    ctx.log(`layer cache: ${readdirSync(cache).join(", ")}`);
    return out;
  },
};
