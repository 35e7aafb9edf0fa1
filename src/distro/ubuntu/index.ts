/** Ubuntu: Ubuntu's OSV/VEX data by source package (binary names listed where the feed gives them). */
import type { DistroSpec } from "../types.js";
import { sourceThenBinary } from "../types.js";

export const ubuntu: DistroSpec = {
  families: ["ubuntu"],
  packageType: "deb",
  scheme: "deb",
  namespaces: (os) => [`ubuntu:${os.name}`],
  names: sourceThenBinary,
  version: (p) => p.version,
  vendorSources: ["ubuntu"],
};
