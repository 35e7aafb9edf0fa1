/**
 * The `dredge` process as users run it (bin/dredge.js, the bundle when built): each row is the median of
 * paired, alternating runs of Dredge and its yardstick, timed as whole processes (wall, and peak RSS from
 * /proc), with the in-process part (main() alone, module loading of the command included) beside it.
 * - `dredge --version` against `node -e 0` (Node's own start-up);
 * - SBOM and vulnerability + secret scan of the bookworm OCI archive, no cache, against the floor: untar the
 *   archive and `gzip -dc LAYER | tar -t` each layer, on one core;
 * - the same scan again with the layer cache warm, against the cold scan;
 * - peers in the same call (bench/peers.ts): `dredge sbom` of the docker archive against Trivy's engine
 *   (`image --input`, memory cache) and against cdxgen, paired; "peer unavailable" when they do not install.
 * CPU time (user + system, every thread) is printed beside wall time: on a loaded machine it is the steadier one.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { testImages } from "../test/helpers/images.js";
import { cdxgenArgs, cdxgenEnv, peers, trivyImageArgs } from "./peers.js";
import { dredge, floorScript, paired as pairedRuns, program, shell, type Run } from "./process.js";
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";

const root = join(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const mb = (b: number | undefined) => (b === undefined ? undefined : b / 2 ** 20);
const paired = (a: () => Run, b: () => Run, runs = RUNS) => pairedRuns(runs, a, b);

/** `target`: the goal for the whole process, and whether today's run meets it. */
function rows(name: string, key: string, d: Run, base: Run, baseline: string, target: { text: string; ok: boolean }): BenchRow[] {
  const out: BenchRow[] = [{ suite: "cli", key, name: `${name}: whole process`, value: d.ms, unit: "ms", ratio: d.ms / base.ms, baseline, target: target.text, ok: target.ok }];
  if (d.inMs !== undefined) out.push({ suite: "cli", key: `${key}:in-process`, name: `${name}: in process (main)`, value: d.inMs, unit: "ms", ratio: d.inMs / base.ms, baseline });
  if (d.cpuMs !== undefined) out.push({ suite: "cli", key: `${key}:cpu`, name: `${name}: CPU`, value: d.cpuMs, unit: "ms", ...(base.cpuMs ? { ratio: d.cpuMs / base.cpuMs, baseline: `${baseline} (CPU)` } : {}) });
  const rss = mb(d.maxRssBytes);
  if (rss !== undefined) out.push({ suite: "cli", name: `${name}: peak RSS`, value: rss, unit: "MB", ...(base.maxRssBytes ? { ratio: d.maxRssBytes! / base.maxRssBytes, baseline: `${baseline} (RSS)` } : {}) });
  return out;
}

/** Dredge against Trivy's engine and cdxgen, `dredge sbom` of the docker archive each time; ratios Dredge/peer. */
function peerRows(ctx: BenchContext, archive: string, common: readonly string[]): BenchRow[] {
  const p = peers(ctx.tmpDir, ctx.log);
  const out: BenchRow[] = [];
  for (const m of p.missing) {
    ctx.log(`peer unavailable: ${m}`);
    out.push({ suite: "cli", name: `peer unavailable: ${m}`, value: 0, unit: "" });
  }
  const sbom = (): Run => dredge(["sbom", archive, "--no-cache", ...common]);
  const failed = (what: string): never => {
    throw new Error(`${what} failed on ${archive}`);
  };
  if (p.trivy) {
    const trivy = p.trivy;
    ctx.log(`dredge sbom against Trivy's engine, image --input (${RUNS} pairs)`);
    const cacheDir = join(ctx.tmpDir, "trivy-cache");
    const t = paired(sbom, () => program(trivy, trivyImageArgs(archive, join(ctx.tmpDir, "trivy.cdx.json"), cacheDir), ctx.tmpDir) ?? failed("trivy"));
    out.push(...rows("sbom bookworm docker archive vs Trivy engine", "cli:sbom-vs-trivy", t.a, t.b, "of Trivy", { text: "≤ 0.4×", ok: t.a.ms <= 0.4 * t.b.ms }));
    if (t.b.maxRssBytes) out.push({ suite: "cli", name: "Trivy engine image --input: peak RSS (peer)", value: mb(t.b.maxRssBytes)!, unit: "MB" });
  }
  if (p.cdxgen) {
    const cdxgen = p.cdxgen;
    const runs = Number(process.env.BENCH_CDXGEN_RUNS ?? 1);
    ctx.log(`dredge sbom against cdxgen (${runs} pairs)`);
    const cdxTmp = join(ctx.tmpDir, "cdxgen-tmp");
    mkdirSync(cdxTmp, { recursive: true });
    const c = paired(sbom, () => program(cdxgen, cdxgenArgs(archive, join(ctx.tmpDir, "cdxgen.cdx.json")), ctx.tmpDir, cdxgenEnv(cdxTmp)) ?? failed("cdxgen"), runs);
    out.push(...rows("sbom bookworm docker archive vs cdxgen", "cli:sbom-vs-cdxgen", c.a, c.b, "of cdxgen", { text: "≤ 0.1×", ok: c.a.ms <= 0.1 * c.b.ms }));
    if (c.b.maxRssBytes) out.push({ suite: "cli", name: "cdxgen: peak RSS (peer)", value: mb(c.b.maxRssBytes)!, unit: "MB" });
  }
  return out;
}

async function fixtureDb(ctx: BenchContext): Promise<string> {
  const { buildFixtureDb } = await import("../test/scan/fixture-db.js");
  return buildFixtureDb(ctx.tmpDir);
}

export const cliSuite: BenchSuite = {
  id: "cli",
  async run(ctx) {
    if (process.env.BENCH_BUILD !== "0") {
      ctx.log("npm run build (the bundled CLI)");
      execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
    }
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
    out.push(...peerRows(ctx, img.dockerArchive, common));
    return out;
  },
};
