/** VMware Photon OS: detected, with its end of life; no advisories yet. */
import type { DistroSpec } from "../types.js";
import { photonEol } from "./eol.js";

export const photon: DistroSpec = {
  id: "photon",
  families: [{ id: "photon", osReleaseIds: ["photon"], eol: { key: "majorMinor", dates: photonEol } }],
  packageType: "rpm",
  scheme: "rpm",
  // `VMware Photon OS 4.0` (+ PHOTON_BUILD_NUMBER).
  releaseFiles: [{ path: "/etc/photon-release" }],
  releaseLines: [{ pattern: /^VMware Photon(?: OS)?(?: Linux)? (\d+(?:\.\d+)*)/i, family: "photon" }],
  purlVendors: [{ vendor: /vmware|broadcom/i, namespace: "photon" }],
  ecosystems: [{ aliases: ["photon os"] }],
};
