/** os-release IDs and release-file texts → Dredge family ids and feed release names. */
import { ownValue } from "../../util/own.js";

/** os-release `ID` → family (see OSInfo.family). */
const idToFamily: Record<string, string> = {
  debian: "debian",
  ubuntu: "ubuntu",
  alpine: "alpine",
  rhel: "redhat",
  centos: "centos",
  rocky: "rocky",
  almalinux: "alma",
  ol: "oracle",
  fedora: "fedora",
  amzn: "amazon",
  sles: "sles",
  sled: "sles",
  opensuse: "opensuse-leap",
  "opensuse-leap": "opensuse-leap",
  "opensuse-tumbleweed": "opensuse-tumbleweed",
  photon: "photon",
  mariner: "cbl-mariner",
  azurelinux: "azurelinux",
  wolfi: "wolfi",
  chainguard: "chainguard",
};

export function familyFromId(id: string): string | undefined {
  return ownValue(idToFamily, id.toLowerCase());
}

/** Release name as the family's feeds use it, from an os-release VERSION_ID (or a release file's number). */
export function feedRelease(family: string, version: string): string {
  if (family === "amazon") {
    // Amazon Linux 1 calls itself 2017.09, 2018.03…; its advisories (ALAS) say "1".
    if (/^20(1[0-9])\.\d+/.test(version)) return "1";
    return version.split(".")[0] ?? version;
  }
  if (family === "debian") return version.split(".")[0] ?? version;
  return version;
}

/** /etc/debian_version: `12.4` → `12`; `bookworm/sid` → undefined release, codename `bookworm`. */
export function parseDebianVersion(text: string): { name?: string; codename?: string } {
  const v = text.trim().split(/\r?\n/)[0]?.trim() ?? "";
  const m = /^(\d+)(\.\d+)*$/.exec(v);
  if (m) return { name: m[1] };
  const c = /^([a-z]+)\/sid$/.exec(v);
  if (c) return { codename: c[1] };
  return {};
}

/** Debian codenames by major release (debian_version alone says only the number). */
export const debianCodenames: Record<string, string> = {
  "7": "wheezy",
  "8": "jessie",
  "9": "stretch",
  "10": "buster",
  "11": "bullseye",
  "12": "bookworm",
  "13": "trixie",
  "14": "forky",
};
