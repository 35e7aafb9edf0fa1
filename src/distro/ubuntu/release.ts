/** Ubuntu releases: codenames, /etc/lsb-release, OSV's `Ubuntu:[Pro:]22.04[:LTS]`. */
import { parseKeyValues } from "../os-release.js";
import type { ReleaseFacts } from "../types.js";

/** Codename → release. */
export const ubuntuCodenames: Readonly<Record<string, string>> = {
  precise: "12.04", trusty: "14.04", xenial: "16.04", bionic: "18.04", cosmic: "18.10", disco: "19.04",
  eoan: "19.10", focal: "20.04", groovy: "20.10", hirsute: "21.04", impish: "21.10", jammy: "22.04",
  kinetic: "22.10", lunar: "23.04", mantic: "23.10", noble: "24.04", oracular: "24.10", plucky: "25.04",
  questing: "25.10", resolute: "26.04",
};

/** /etc/lsb-release: DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME. */
export function parseLsbRelease(text: string): ReleaseFacts | undefined {
  const kv = parseKeyValues(text);
  const id = kv.get("DISTRIB_ID")?.toLowerCase();
  const release = kv.get("DISTRIB_RELEASE");
  if (id !== "ubuntu" || !release) return undefined;
  const codename = kv.get("DISTRIB_CODENAME");
  const prettyName = kv.get("DISTRIB_DESCRIPTION");
  return { family: "ubuntu", name: release, ...(codename ? { codename } : {}), ...(prettyName ? { prettyName } : {}) };
}

/** OSV `Ubuntu:22.04:LTS` → `22.04`; `Ubuntu:Pro:16.04:LTS` → `16.04` under `ubuntu-pro` (fixes need Ubuntu Pro). */
export function ubuntuOsvRelease(text: string): { release: string; prefix?: string } | undefined {
  const parts = text.split(":").filter((p) => p !== "LTS");
  if (parts[0] === "Pro") return { prefix: "ubuntu-pro", release: parts.slice(1).join(":") };
  return parts[0] ? { release: parts[0] } : undefined;
}
