/** SUSE Linux Enterprise and openSUSE: SUSE's OSV data, by binary rpm name and full EVR. */
import type { MatchedDistro } from "../types.js";
import { rpmVersion } from "../helpers.js";
import { opensuseLeapEol, slesEol } from "./eol.js";
import { parseSuseRelease, suseOsvRelease } from "./release.js";

export const suse: MatchedDistro = {
  id: "suse",
  families: [
    {
      id: "sles",
      osReleaseIds: ["sles", "sled"],
      aliases: ["suse linux enterprise server", "suse linux enterprise micro", "slem"],
      eol: { key: "majorMinor", dates: slesEol },
    },
    { id: "opensuse-leap", osReleaseIds: ["opensuse-leap", "opensuse"], aliases: ["opensuse.leap"], eol: { key: "majorMinor", dates: opensuseLeapEol } },
    { id: "opensuse-tumbleweed", osReleaseIds: ["opensuse-tumbleweed"], aliases: ["opensuse.tumbleweed"], eol: "rolling" },
  ],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/SuSE-release", parse: parseSuseRelease }],
  purlVendors: [{ vendor: /suse/i, namespace: "suse" }],
  ecosystems: [
    { osv: "SUSE", aliases: ["suse linux enterprise"], namespace: "sles", release: suseOsvRelease },
    { osv: "openSUSE", namespace: "opensuse", release: suseOsvRelease },
  ],
  // Tumbleweed is rolling: os-release gives a snapshot date (20240607), its advisories are `opensuse:tumbleweed`.
  namespaces: (os) =>
    os.family === "sles" ? [`sles:${os.name}`] : os.family === "opensuse-tumbleweed" ? ["opensuse:tumbleweed"] : [`opensuse:${os.name}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /SUSE|openSUSE/i,
  vendorSources: ["osv"],
};
