/** Rocky Linux: RLSA advisories (OSV) per major release, by binary rpm name and full EVR. */
import type { DistroSpec } from "../types.js";
import { major, rpmVersion } from "../types.js";

export const rocky: DistroSpec = {
  families: ["rocky"],
  packageType: "rpm",
  scheme: "rpm",
  namespaces: (os) => [`rocky:${major(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /Rocky/i,
  vendorSources: ["osv"],
};
