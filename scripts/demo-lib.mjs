// What `npm run demo` runs, shared with its test (test/e2e/demo.test.ts): where the demo data is, the
// `dredge db build` arguments that turn its feed subsets into the demo database, and the banner.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** demo/data of this checkout: the image contents, the feed subsets, demo.json and PROVENANCE.md. */
export const DEMO_DATA = fileURLToPath(new URL("../demo/data", import.meta.url));

/** demo/data/demo.json: the snapshot's dates, the image's layers and the feeds' paths. */
export function readDemoManifest(dataDir = DEMO_DATA) {
  return JSON.parse(readFileSync(join(dataDir, "demo.json"), "utf8"));
}

/** `dredge db build` arguments (after `db build`): every feed subset from its local path, nothing fetched. */
export function dbBuildArgs(output, dataDir = DEMO_DATA) {
  const { feeds } = readDemoManifest(dataDir);
  return ["--output", output, ...feeds.flatMap((f) => ["--source", `${f.source}=${join(dataDir, f.path)}`])];
}

/** `dredge image` arguments that scan the demo image with the demo database only, never touching the network. */
export function scanArgs(image, db) {
  return [image, "--db", db, "--skip-db-update", "--offline"];
}

/** The banner printed before the scans: this is a dated snapshot of real data, not a current database. */
export function bannerLines(dataDir = DEMO_DATA) {
  const { snapshot } = readDemoManifest(dataDir);
  return [
    "DEMO SNAPSHOT of real data, not a current vulnerability database.",
    "The demo database holds only the advisory subsets bundled in demo/data, dated:",
    `  ${snapshot}`,
    "(upstream files: demo/data/PROVENANCE.md). Alpine's secdb gives no severities, hence UNKNOWN for the",
    "OS packages. For real scans: `dredge db update`, or `dredge db build` from the upstream feeds.",
  ];
}
