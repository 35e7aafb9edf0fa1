/** CBL-Mariner and its successor Azure Linux: detected, with their end of life; no advisories yet. */
import type { DistroSpec } from "../types.js";
import { azureLinuxEol, marinerEol } from "./eol.js";

export const mariner: DistroSpec = {
  id: "mariner",
  families: [
    { id: "cbl-mariner", osReleaseIds: ["mariner"], eol: { key: "majorMinor", dates: marinerEol } },
    { id: "azurelinux", osReleaseIds: ["azurelinux"], eol: { key: "majorMinor", dates: azureLinuxEol } },
  ],
  packageType: "rpm",
  scheme: "rpm",
  // `CBL-Mariner 2.0.20220226`.
  releaseFiles: [{ path: "/etc/mariner-release" }, { path: "/etc/azurelinux-release" }],
  releaseLines: [
    { pattern: /^CBL-Mariner (\d+\.\d+)/i, family: "cbl-mariner" },
    { pattern: /^Microsoft Azure Linux (\d+\.\d+)/i, family: "azurelinux" },
  ],
  purlVendors: [{ vendor: /microsoft/i, namespace: "mariner" }],
  ecosystems: [{ aliases: ["azure linux"] }],
};
