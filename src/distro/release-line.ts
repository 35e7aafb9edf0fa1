/** One-line release files (/etc/redhat-release, /etc/system-release, …) → family, release, codename. */
import { firstLine, parseKeyValues } from "./os-release.js";

export interface ReleaseFacts {
  family: string;
  name: string;
  codename?: string;
  prettyName?: string;
}

/** `<distro name> release <version> (<codename>)` patterns, tried in order. */
const releaseLines: [RegExp, string][] = [
  [/^Red Hat Enterprise Linux\b.*?release (\d+(?:\.\d+)*)/i, "redhat"],
  [/^CentOS\b.*?release (\d+(?:\.\d+)*)/i, "centos"],
  [/^Rocky Linux release (\d+(?:\.\d+)*)/i, "rocky"],
  [/^AlmaLinux release (\d+(?:\.\d+)*)/i, "alma"],
  [/^Oracle Linux Server release (\d+(?:\.\d+)*)/i, "oracle"],
  [/^Fedora release (\d+)/i, "fedora"],
  [/^Amazon Linux AMI release (\d+(?:\.\d+)*)/i, "amazon"],
  [/^Amazon Linux release (\d+)/i, "amazon"],
  [/^VMware Photon(?: OS)?(?: Linux)? (\d+(?:\.\d+)*)/i, "photon"],
  [/^CBL-Mariner (\d+\.\d+)/i, "cbl-mariner"],
  [/^Microsoft Azure Linux (\d+\.\d+)/i, "azurelinux"],
];

/** Parse a `… release X (codename)` line; undefined when it names no known distro. */
export function parseReleaseLine(text: string): ReleaseFacts | undefined {
  const line = firstLine(text);
  for (const [re, family] of releaseLines) {
    const m = re.exec(line);
    if (!m?.[1]) continue;
    const codename = /\(([^)]+)\)\s*$/.exec(line)?.[1];
    return { family, name: m[1], prettyName: line, ...(codename ? { codename } : {}) };
  }
  return undefined;
}

/** /etc/lsb-release (Ubuntu): DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME. */
export function parseLsbRelease(text: string): ReleaseFacts | undefined {
  const kv = parseKeyValues(text);
  const id = kv.get("DISTRIB_ID")?.toLowerCase();
  const release = kv.get("DISTRIB_RELEASE");
  if (id !== "ubuntu" || !release) return undefined;
  const codename = kv.get("DISTRIB_CODENAME");
  const prettyName = kv.get("DISTRIB_DESCRIPTION");
  return { family: "ubuntu", name: release, ...(codename ? { codename } : {}), ...(prettyName ? { prettyName } : {}) };
}

/** /etc/SuSE-release (SLES 11/12, openSUSE ≤ 42): first line + VERSION / PATCHLEVEL. */
export function parseSuseRelease(text: string): ReleaseFacts | undefined {
  const line = firstLine(text);
  const kv = parseKeyValues(text);
  const version = kv.get("VERSION");
  if (!version) return undefined;
  const patch = kv.get("PATCHLEVEL");
  if (/openSUSE/i.test(line)) return { family: "opensuse-leap", name: version, prettyName: line };
  if (/SUSE Linux Enterprise/i.test(line)) {
    const name = patch && patch !== "0" ? `${version}.${patch}` : version;
    return { family: "sles", name, prettyName: line };
  }
  return undefined;
}

/** /etc/photon-release: `VMware Photon OS 4.0` (+ PHOTON_BUILD_NUMBER). */
export function parsePhotonRelease(text: string): ReleaseFacts | undefined {
  return parseReleaseLine(text);
}

/** /etc/mariner-release, /etc/azurelinux-release: `CBL-Mariner 2.0.20220226`. */
export function parseMarinerRelease(text: string): ReleaseFacts | undefined {
  return parseReleaseLine(text);
}
