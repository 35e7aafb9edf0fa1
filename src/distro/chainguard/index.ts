/** Chainguard OS (rolling, apk, Wolfi-based): detected; no advisories yet. */
import type { DistroSpec } from "../types.js";
import { rollingRelease } from "../helpers.js";

export const chainguard: DistroSpec = {
  id: "chainguard",
  families: [{ id: "chainguard", osReleaseIds: ["chainguard"], eol: "rolling", refine: rollingRelease }],
  packageType: "apk",
  scheme: "apk",
};
