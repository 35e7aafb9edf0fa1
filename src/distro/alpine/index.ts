/**
 * Alpine: secdb per major.minor branch — the branch /etc/apk/repositories points at when it differs from
 * os-release (`edge`, a newer v3.X) — by origin (source) package, binary version (-rN included).
 */
import type { DistroSpec } from "../types.js";
import { majorMinor } from "../types.js";

export const alpine: DistroSpec = {
  families: ["alpine"],
  packageType: "apk",
  scheme: "apk",
  namespaces: (os) => [`alpine:${os.repository ?? majorMinor(os.name)}`],
  names: (p) => [p.source?.name ?? p.name],
  version: (p) => p.version,
  vendorSources: ["alpine"],
};
