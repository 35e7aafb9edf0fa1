/** Amazon Linux 1, 2, 2022 and 2023: ALAS advisories (the `amazon` feed) per release, by binary rpm name and full EVR. */
import type { MatchedDistro } from "../types.js";
import { major, rpmVersion } from "../helpers.js";
import { amazonEol } from "./eol.js";

/** Amazon Linux 1 calls itself 2017.09, 2018.03…; its advisories (ALAS) say "1". Others: the major release. */
export function amazonRelease(version: string): string {
  return /^20(1[0-9])\.\d+/.test(version) ? "1" : major(version);
}

/** The release in an OS name as detected (`2`, `2023`, `1`) or as other tools write it (`AMI release 2018.03`, `2 (Karoo)`). */
export function amazonNamespaceRelease(name: string): string {
  const version = /\d+(?:\.\d+)*/.exec(name)?.[0] ?? name;
  return amazonRelease(version);
}

export const amazon: MatchedDistro = {
  id: "amazon",
  families: [{
    id: "amazon",
    osReleaseIds: ["amzn"],
    aliases: ["amazonlinux", "amazon linux"],
    eol: { key: "exact", dates: amazonEol },
    release: amazonRelease,
  }],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/system-release", shared: true }],
  releaseLines: [
    { pattern: /^Amazon Linux AMI release (\d+(?:\.\d+)*)/i, family: "amazon" },
    { pattern: /^Amazon Linux release (\d+)/i, family: "amazon" },
  ],
  purlVendors: [{ vendor: /amazon/i, namespace: "amzn" }],
  namespaces: (os) => [`amazon:${amazonNamespaceRelease(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /Amazon/i,
  vendorSources: ["amazon"],
};
