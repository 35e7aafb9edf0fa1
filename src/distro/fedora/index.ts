/** Fedora: detected, with its end of life; no advisories yet. */
import type { DistroSpec } from "../types.js";
import { fedoraEol } from "./eol.js";

export const fedora: DistroSpec = {
  id: "fedora",
  families: [{ id: "fedora", osReleaseIds: ["fedora"], eol: { key: "major", dates: fedoraEol } }],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/fedora-release" }],
  releaseLines: [{ pattern: /^Fedora release (\d+)/i, family: "fedora" }],
  purlVendors: [{ vendor: /fedora/i, namespace: "fedora" }],
};
