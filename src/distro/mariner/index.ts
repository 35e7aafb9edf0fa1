/**
 * CBL-Mariner and its successor Azure Linux: Microsoft's OVAL (the `mariner` feed) per major.minor release
 * (`mariner:2.0`, `azurelinux:3.0`), by binary rpm name and full EVR.
 */
import type { MatchedDistro } from "../types.js";
import { majorMinor, rpmVersion } from "../helpers.js";
import { azureLinuxEol, marinerEol } from "./eol.js";

export const mariner: MatchedDistro = {
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
  // Its own line's file first, then the other's: Azure Linux 2.0 is CBL-Mariner 2.0 renamed (same feed file).
  namespaces: (os) => {
    const lines = os.family === "azurelinux" ? ["azurelinux", "mariner"] : ["mariner", "azurelinux"];
    return lines.map((l) => `${l}:${majorMinor(os.name)}`);
  },
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /Microsoft/i,
  vendorSources: ["mariner"],
};
