/** Wolfi (rolling, apk): detected; no advisories yet. */
import type { DistroSpec } from "../types.js";
import { rollingRelease } from "../helpers.js";

export const wolfi: DistroSpec = {
  id: "wolfi",
  families: [{ id: "wolfi", osReleaseIds: ["wolfi"], eol: "rolling", refine: rollingRelease }],
  packageType: "apk",
  scheme: "apk",
};
