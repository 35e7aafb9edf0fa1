/**
 * Two real vulnerability databases built with `buildDatabase` (what `dredge db build` runs) from the GHSA
 * fixture feed, the second changing what the first says about lodash only, and three stored images:
 * - `lodash` (lodash 4.17.4): in the second database GHSA-p6mc-m468-83gw is new, GHSA-fvqr-27wr-82fm is
 *   gone (resolved) and GHSA-29mw-wpgm-hmr9 gets a fixed version (in the first it has none);
 * - `minimist` (minimist 1.2.0): findings in both, unchanged;
 * - `clean` (left-pad 1.3.0): no findings in either.
 * The databases are published to a loopback registry, as the server's `db update` reads them.
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildDatabase } from "../../src/db/build.js";
import { pushDatabase } from "../../src/db/distribution/index.js";
import { silentLogger } from "../../src/util/log.js";
import { ghsaDir } from "../scan/fixture-db.js";

export const NEW_GHSA = "GHSA-p6mc-m468-83gw";
export const RESOLVED_GHSA = "GHSA-fvqr-27wr-82fm";
export const FIXED_GHSA = "GHSA-29mw-wpgm-hmr9";

/** Findings carry the CVE of a GHSA record (its alias), read from the fixture. */
export async function findingIdOf(ghsa: string): Promise<string> {
  const doc = JSON.parse(await readFile(join(ghsaDir, `${ghsa}.json`), "utf8")) as { aliases?: string[] };
  return doc.aliases?.find((a) => a.startsWith("CVE-")) ?? ghsa;
}

/** The feed of the first database: without NEW_GHSA, and FIXED_GHSA's lodash ranges without their fixed event. */
async function firstFeed(dir: string): Promise<void> {
  await cp(ghsaDir, dir, { recursive: true });
  await rm(join(dir, `${NEW_GHSA}.json`));
  const file = join(dir, `${FIXED_GHSA}.json`);
  const doc = JSON.parse(await readFile(file, "utf8")) as { affected: { package: { name: string }; ranges?: { events: Record<string, string>[] }[] }[] };
  for (const a of doc.affected) {
    if (a.package.name !== "lodash") continue;
    for (const r of a.ranges ?? []) r.events = r.events.filter((e) => e.fixed === undefined);
  }
  await writeFile(file, JSON.stringify(doc));
}

/** The feed of the second: the fixture as it is, without RESOLVED_GHSA. */
async function secondFeed(dir: string): Promise<void> {
  await cp(ghsaDir, dir, { recursive: true });
  await rm(join(dir, `${RESOLVED_GHSA}.json`));
}

/** Builds database `n` (1 or 2) "at" `day` into `work`; returns its file. */
export async function buildMonitorDb(work: string, n: 1 | 2, day: string): Promise<string> {
  const feed = join(work, `feed-${n}-${day}`);
  await (n === 1 ? firstFeed(feed) : secondFeed(feed));
  const output = join(work, `db-${n}-${day}.db`);
  await buildDatabase({ output, now: new Date(`${day}T00:00:00Z`), logger: silentLogger, sources: [{ name: "osv", location: feed }] });
  return output;
}

/** Builds and pushes database `n` to `reference`; returns its build time. */
export async function publishMonitorDb(work: string, reference: string, n: 1 | 2, day: string): Promise<string> {
  const file = await buildMonitorDb(work, n, day);
  await pushDatabase({ file, reference, workDir: work, logger: silentLogger });
  return new Date(`${day}T00:00:00Z`).toISOString();
}

const hex = (c: string) => c.repeat(64);

const npm = ([name, version]: readonly [string, string]) => ({
  type: "npm", name, version, purl: `pkg:npm/${name}@${version}`, locations: [{ path: `/app/node_modules/${name}/package.json` }],
});

/** An uploaded inventory (`POST /inventories`) of npm packages, under `sha256:<digestHex>` (one character: repeated). */
export function npmInventory(key: string, digestHex: string, ...packages: (readonly [string, string])[]) {
  const digest = `sha256:${digestHex.length === 1 ? hex(digestHex) : digestHex.padStart(64, "0")}`;
  return {
    digest,
    inventory: {
      target: { name: `registry.example/${key}:1`, source: "registry", repoTags: [`registry.example/${key}:1`], repoDigests: [`registry.example/${key}@${digest}`], manifestDigest: digest },
      packages: packages.map(npm),
      layers: [],
      warnings: [],
    },
  };
}

/** Packages of the GHSA subset an application may have beside lodash (none of them changes between the databases). */
export const otherPackages: readonly (readonly [string, string])[] = [
  ["minimist", "1.2.0"], ["express", "4.16.0"], ["qs", "6.5.1"], ["semver", "5.7.1"], ["json5", "2.2.1"], ["ansi-regex", "5.0.0"],
  ["node-fetch", "2.6.0"], ["async", "2.6.3"], ["ajv", "6.10.0"], ["minimatch", "3.0.4"], ["body-parser", "1.18.2"], ["left-pad", "1.3.0"],
];

export const monitorImages = {
  lodash: npmInventory("lodash-app", "a", ["lodash", "4.17.4"]),
  minimist: npmInventory("minimist-app", "b", ["minimist", "1.2.0"]),
  clean: npmInventory("clean-app", "c", ["left-pad", "1.3.0"]),
};
