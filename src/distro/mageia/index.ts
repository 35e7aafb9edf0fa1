/** Mageia: OSV's `Mageia:9` records are stored (`mageia:9`); no matcher reads them yet. */
import type { DistroSpec } from "../types.js";

export const mageia: DistroSpec = {
  id: "mageia",
  families: [{ id: "mageia", osReleaseIds: ["mageia"] }],
  packageType: "rpm",
  scheme: "rpm",
  ecosystems: [{ osv: "Mageia", namespace: "mageia" }],
};
