/** Alpine: secdb per major.minor branch, by origin (source) package, binary version (-rN included). */
import type { DistroSpec } from "./spec.js";
import { majorMinor } from "./spec.js";

export const alpine: DistroSpec = {
  families: ["alpine"],
  packageType: "apk",
  scheme: "apk",
  namespaces: (os) => [`alpine:${majorMinor(os.name)}`],
  names: (p) => [p.source?.name ?? p.name],
  version: (p) => p.version,
  vendorSources: ["alpine"],
};
