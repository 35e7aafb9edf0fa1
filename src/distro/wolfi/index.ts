/**
 * Wolfi (rolling, apk): Wolfi's secdb (the `wolfi` feed, which only a user's own `db build --source wolfi`
 * holds: its licence forbids redistribution), by origin package and full `-rN` version, in `wolfi:rolling`.
 */
import type { MatchedDistro } from "../types.js";
import { rollingRelease } from "../helpers.js";

export const wolfi: MatchedDistro = {
  id: "wolfi",
  families: [{ id: "wolfi", osReleaseIds: ["wolfi"], eol: "rolling", refine: rollingRelease }],
  packageType: "apk",
  scheme: "apk",
  // No OSV name: OSV's Wolfi copy carries the same licence and is not fetched by the `osv` feed.
  ecosystems: [{ namespace: "wolfi", aliases: ["wolfi"] }],
  namespaces: () => ["wolfi:rolling"],
  names: (p) => [p.source?.name ?? p.name],
  version: (p) => p.version,
  vendorSources: ["wolfi"],
};
