/** Debian: the security tracker by source package and source version (binNMUs share the source's fix). */
import type { DistroSpec } from "../types.js";
import { major } from "../types.js";

export const debian: DistroSpec = {
  families: ["debian"],
  packageType: "deb",
  scheme: "deb",
  namespaces: (os) => [`debian:${major(os.name)}`],
  names: (p) => [p.source?.name ?? p.name],
  version: (p) => p.source?.version ?? p.version,
  vendorSources: ["debian"],
};
