/** The fast subset of real feeds every scan proof test builds once, and small readers of a ScanReport. */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDatabase } from "../../src/db/build.js";
import type { ScanReport, VulnerabilityFinding } from "../../src/model/finding.js";
import { silentLogger } from "../../src/util/log.js";
import { buildOnceAsync, completeMarker } from "../helpers/build-lock.js";
import { fixturesDir } from "../helpers/images.js";

export const feeds = join(fixturesDir, "feeds");
export const pypaDir = join(feeds, "osv-pypa");
export const ghsaDir = join(feeds, "osv-ghsa-subset");
export const almaDir = join(feeds, "osv-almalinux");

/**
 * osv-pypa, osv-ghsa-subset, osv-almalinux and CISA KEV into `dir/dredge.db`; returns its path. The build takes
 * seconds of CPU and some forty test files need it: under scripts/test.mjs (DREDGE_TEST_RUN_DIR, one directory
 * per run) it is built once per run, by whichever file asks first, and copied; otherwise it is built here.
 */
export async function buildFixtureDb(dir: string): Promise<string> {
  const output = join(dir, "dredge.db");
  const run = process.env.DREDGE_TEST_RUN_DIR;
  if (!run) {
    await buildFixtureDbAt(output);
    return output;
  }
  const shared = join(run, "fixture-db");
  await buildOnceAsync(shared, async () => {
    mkdirSync(shared, { recursive: true });
    await buildFixtureDbAt(join(shared, "dredge.db"));
    writeFileSync(completeMarker(shared), "");
  }, { pollMs: 100 });
  copyFileSync(join(shared, "dredge.db"), output);
  return output;
}

async function buildFixtureDbAt(output: string): Promise<void> {
  await buildDatabase({
    output,
    logger: silentLogger,
    sources: [
      { name: "osv", location: pypaDir },
      { name: "osv", location: ghsaDir },
      { name: "osv", location: almaDir },
      { name: "kev", location: join(feeds, "cisa-kev/known_exploited_vulnerabilities.json") },
    ],
  });
}

export const allFindings = (r: ScanReport): VulnerabilityFinding[] => r.targets.flatMap((t) => t.vulnerabilities);

export const findingsFor = (r: ScanReport, type: string, name: string): VulnerabilityFinding[] =>
  allFindings(r).filter((f) => f.package.type === type && f.package.name === name);

/** The id and aliases a finding answers to. */
export const idsOf = (f: VulnerabilityFinding): string[] => [f.id, ...f.aliases];
