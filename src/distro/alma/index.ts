/** AlmaLinux: ALSA advisories (OSV) per major release, by binary rpm name and full EVR. */
import type { MatchedDistro } from "../types.js";
import { major, rpmVersion } from "../helpers.js";
import { almaEol } from "./eol.js";

export const alma: MatchedDistro = {
  id: "alma",
  families: [{ id: "alma", osReleaseIds: ["almalinux"], eol: { key: "major", dates: almaEol } }],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/almalinux-release" }],
  releaseLines: [{ pattern: /^AlmaLinux release (\d+(?:\.\d+)*)/i, family: "alma" }],
  purlVendors: [{ vendor: /alma/i, namespace: "almalinux" }],
  ecosystems: [{ osv: "AlmaLinux", namespace: "alma" }],
  namespaces: (os) => [`alma:${major(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /AlmaLinux/i,
  vendorSources: ["osv"],
};
