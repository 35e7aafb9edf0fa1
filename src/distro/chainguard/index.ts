/**
 * Chainguard OS (rolling, apk, Wolfi-based): Chainguard's secdb (the `chainguard` feed, built only on the
 * user's request: not redistributable), by origin package and full version, in `chainguard:rolling`.
 */
import type { MatchedDistro } from "../types.js";
import { rollingRelease } from "../helpers.js";

export const chainguard: MatchedDistro = {
  id: "chainguard",
  families: [{ id: "chainguard", osReleaseIds: ["chainguard"], eol: "rolling", refine: rollingRelease }],
  packageType: "apk",
  scheme: "apk",
  ecosystems: [{ namespace: "chainguard", aliases: ["chainguard"] }],
  namespaces: () => ["chainguard:rolling"],
  names: (p) => [p.source?.name ?? p.name],
  version: (p) => p.version,
  vendorSources: ["chainguard"],
};
