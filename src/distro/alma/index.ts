/** AlmaLinux: ALSA advisories (OSV) per major release, by binary rpm name and full EVR. */
import type { DistroSpec } from "../types.js";
import { major, rpmVersion } from "../types.js";

export const alma: DistroSpec = {
  families: ["alma"],
  packageType: "rpm",
  scheme: "rpm",
  namespaces: (os) => [`alma:${major(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /AlmaLinux/i,
  vendorSources: ["osv"],
};
