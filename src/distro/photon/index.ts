/**
 * VMware Photon OS: the `photon` feed (CVE metadata) per release (`photon:3.0`), by binary rpm name then
 * source rpm name (the feed names either: `curl`, `curl-libs`). Photon's fixed versions carry no epoch,
 * so versions are compared as version-release, without the epoch.
 */
import type { MatchedDistro } from "../types.js";
import { majorMinor } from "../helpers.js";
import { photonEol } from "./eol.js";

export const photon: MatchedDistro = {
  id: "photon",
  families: [{ id: "photon", osReleaseIds: ["photon"], eol: { key: "majorMinor", dates: photonEol } }],
  packageType: "rpm",
  scheme: "rpm",
  // `VMware Photon OS 4.0` (+ PHOTON_BUILD_NUMBER).
  releaseFiles: [{ path: "/etc/photon-release" }],
  releaseLines: [{ pattern: /^VMware Photon(?: OS)?(?: Linux)? (\d+(?:\.\d+)*)/i, family: "photon" }],
  purlVendors: [{ vendor: /vmware|broadcom/i, namespace: "photon" }],
  ecosystems: [{ aliases: ["photon os"], namespace: "photon" }],
  namespaces: (os) => [`photon:${photonRelease(os.name)}`],
  names: (p) => [...new Set([p.name, p.source?.name].filter((n): n is string => !!n))],
  version: (p) => (p.release ? `${p.version}-${p.release}` : p.version),
  vendor: /VMware|Broadcom/i,
  vendorSources: ["photon"],
};

/** os-release VERSION_ID `3.0` (or `3`) → the feed's release `3.0`. */
export function photonRelease(name: string): string {
  const mm = majorMinor(name);
  return mm.includes(".") ? mm : `${mm}.0`;
}
