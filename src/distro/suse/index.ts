/**
 * SUSE Linux Enterprise (SLES, SLED, BCI images — whose os-release is SLES's), SLE Micro and openSUSE:
 * SUSE's CSAF advisories and CSAF VEX (the `suse` feed), with SUSE's OSV copy as the fallback, by binary rpm
 * name and full EVR. SLES and SLE Micro releases are separate namespaces (`sles:15.5`, `sle-micro:5.4`),
 * Leap is `opensuse:15.5`.
 */
import type { MatchedDistro } from "../types.js";
import { rpmVersion } from "../helpers.js";
import { opensuseLeapEol, sleMicroEol, slesEol } from "./eol.js";
import { opensuseOsvRelease, parseSuseRelease, suseOsvEcosystemRelease } from "./release.js";

export const suse: MatchedDistro = {
  id: "suse",
  families: [
    {
      id: "sles",
      osReleaseIds: ["sles", "sled"],
      aliases: ["suse linux enterprise server"],
      eol: { key: "majorMinor", dates: slesEol },
    },
    {
      id: "sle-micro",
      osReleaseIds: ["sle-micro", "sl-micro"],
      aliases: ["slem", "suse linux enterprise micro", "sles_micro"],
      eol: { key: "majorMinor", dates: sleMicroEol },
    },
    { id: "opensuse-leap", osReleaseIds: ["opensuse-leap", "opensuse"], aliases: ["opensuse.leap"], eol: { key: "majorMinor", dates: opensuseLeapEol } },
    { id: "opensuse-tumbleweed", osReleaseIds: ["opensuse-tumbleweed"], aliases: ["opensuse.tumbleweed"], eol: "rolling" },
  ],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/SuSE-release", parse: parseSuseRelease }],
  purlVendors: [{ vendor: /suse/i, namespace: "suse" }],
  ecosystems: [
    { osv: "SUSE", aliases: ["suse linux enterprise"], namespace: "sles", prefixes: ["sle-micro"], release: suseOsvEcosystemRelease },
    { osv: "openSUSE", namespace: "opensuse", release: opensuseOsvRelease },
  ],
  // Tumbleweed is rolling: os-release gives a snapshot date (20240607), its advisories are `opensuse:tumbleweed`.
  namespaces: (os) => {
    if (os.family === "sles") return [`sles:${os.name}`];
    if (os.family === "sle-micro") return [`sle-micro:${os.name}`];
    return os.family === "opensuse-tumbleweed" ? ["opensuse:tumbleweed"] : [`opensuse:${os.name}`];
  },
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /SUSE|openSUSE/i,
  vendorSources: ["suse"],
};
