/** SUSE Linux Enterprise and openSUSE: SUSE's OSV data, by binary rpm name and full EVR. */
import type { DistroSpec } from "../types.js";
import { rpmVersion } from "../types.js";

export const suse: DistroSpec = {
  families: ["sles", "opensuse-leap", "opensuse-tumbleweed"],
  packageType: "rpm",
  scheme: "rpm",
  // Tumbleweed is rolling: os-release gives a snapshot date (20240607), its advisories are `opensuse:tumbleweed`.
  namespaces: (os) =>
    os.family === "sles" ? [`sles:${os.name}`] : os.family === "opensuse-tumbleweed" ? ["opensuse:tumbleweed"] : [`opensuse:${os.name}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /SUSE|openSUSE/i,
  vendorSources: ["osv"],
};
