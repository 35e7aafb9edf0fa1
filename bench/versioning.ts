/**
 * Version comparison throughput per scheme: realistic version lists (seeded), parsed once, then compared
 * pairwise in a tight loop (parse once, compare many). Target ≥ 1,000,000 comparisons/s for deb, rpm, apk
 * and semver on one core.
 */
import { rng, type Rng } from "../src/versioning/differential/prng.js";
import { schemes } from "../src/versioning/registry.js";
import type { SchemeId, VersionScheme } from "../src/versioning/types.js";
import type { BenchRow, BenchSuite } from "./types.js";

const n = (r: Rng, max: number): number => r.int(max);

/** Version shapes as they appear in distro databases and registries. */
const SHAPES: Record<SchemeId, (r: Rng) => string> = {
  deb: (r) => `${r.chance(0.1) ? "1:" : ""}${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "+dfsg", "~rc1", "+ds1", "a"])}-${n(r, 4) + 1}${r.pick(["", "+deb12u1", "ubuntu0.22.04.1", "+b1"])}`,
  rpm: (r) => `${r.chance(0.1) ? "1:" : ""}${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "~rc1", "^20240101git", ""])}-${n(r, 20)}.el9${r.pick(["", "_4", "_2.1"])}`,
  apk: (r) => `${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "_rc1", "_p2", "_git20240101", "a"])}-r${n(r, 10)}`,
  semver: (r) => `${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "", "-rc.1", "-beta.2", "-alpha"])}`,
  pep440: (r) => `${n(r, 5)}.${n(r, 30)}${r.chance(0.5) ? `.${n(r, 12)}` : ""}${r.pick(["", "rc1", ".post1", ".dev3", "b2"])}`,
  maven: (r) => `${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "-SNAPSHOT", ".Final", "-rc1", "-alpha-2"])}`,
  gem: (r) => `${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", ".pre", ".rc1", ".beta.2"])}`,
  go: (r) => `v${n(r, 3)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "", "-0.20240101120000-abcdef123456", "+incompatible"])}`,
  nuget: (r) => `${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", ".1", "-Beta.1", "-preview.3"])}`,
  composer: (r) => `v${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "-RC1", "-beta2", "-p1"])}`,
  generic: (r) => `${n(r, 5)}.${n(r, 30)}.${n(r, 12)}${r.pick(["", "-rc1", "a", "-p1"])}`,
};

const FAST: ReadonlySet<SchemeId> = new Set(["deb", "rpm", "apk", "semver"]);
const TARGET = 1_000_000;

function measure(scheme: VersionScheme, versions: readonly string[], seconds: number): { cmp: number; parse: number } {
  versions.forEach((v) => scheme.parse(v)); // warm-up
  const t0 = performance.now();
  const parsed = versions.map((v) => scheme.parse(v));
  const parse = versions.length / ((performance.now() - t0) / 1000);
  const m = parsed.length;
  const compare = scheme.compareParsed.bind(scheme);
  let ops = 0;
  let sink = 0;
  const run = (budgetMs: number): number => {
    const start = performance.now();
    let done = 0;
    while (performance.now() - start < budgetMs) {
      for (let i = 0; i < m - 1; i++) sink += compare(parsed[i], parsed[i + 1]);
      done += m - 1;
    }
    ops = done;
    return performance.now() - start;
  };
  run(200); // warm-up
  const ms = run(seconds * 1000);
  if (sink === Number.MIN_SAFE_INTEGER) throw new Error("unreachable");
  return { cmp: ops / (ms / 1000), parse };
}

export const versioningSuite: BenchSuite = {
  id: "versioning",
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const id of Object.keys(schemes) as SchemeId[]) {
      const r = rng(1234);
      const versions = Array.from({ length: 2000 }, () => SHAPES[id](r));
      const { cmp, parse } = measure(schemes[id], versions, 1);
      ctx.log(`${id}: ${Math.round(cmp).toLocaleString("en-US")} comparisons/s, ${Math.round(parse).toLocaleString("en-US")} parses/s`);
      const fast = FAST.has(id);
      rows.push({
        suite: "versioning",
        name: `${id} compare (parsed once)`,
        value: cmp,
        unit: "cmp/s",
        ...(fast ? { target: "≥ 1,000,000/s", ok: cmp >= TARGET } : {}),
      });
      rows.push({ suite: "versioning", name: `${id} parse`, value: parse, unit: "parse/s" });
    }
    return rows;
  },
};
