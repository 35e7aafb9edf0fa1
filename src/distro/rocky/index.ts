/** Rocky Linux: RLSA advisories (OSV) per major release, by binary rpm name and full EVR. */
import type { MatchedDistro } from "../types.js";
import { major, rpmVersion } from "../helpers.js";
import { rockyEol } from "./eol.js";

export const rocky: MatchedDistro = {
  id: "rocky",
  families: [{ id: "rocky", osReleaseIds: ["rocky"], aliases: ["rockylinux"], eol: { key: "major", dates: rockyEol } }],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/rocky-release" }],
  releaseLines: [{ pattern: /^Rocky Linux release (\d+(?:\.\d+)*)/i, family: "rocky" }],
  purlVendors: [{ vendor: /rocky/i, namespace: "rocky" }],
  ecosystems: [{ osv: "Rocky Linux", namespace: "rocky" }],
  namespaces: (os) => [`rocky:${major(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /Rocky/i,
  vendorSources: ["osv"],
};
