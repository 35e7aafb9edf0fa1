/**
 * OS detection as a pure function over the collected files (path → content). Precedence: /etc/os-release,
 * then /usr/lib/os-release, then the distro-specific release files; some families refine the os-release
 * answer with their own file (Alpine's full patch release from /etc/alpine-release, Debian's number from
 * /etc/debian_version when os-release has no VERSION_ID).
 */
import type { OSInfo } from "../../model/package.js";
import { eolStatus } from "./eol/index.js";
import { ownValue } from "../../util/own.js";
import { debianCodenames, familyFromId, feedRelease, parseDebianVersion } from "./families.js";
import { firstLine, parseKeyValues } from "./os-release.js";
import type { ReleaseFacts } from "./release-files.js";
import { parseLsbRelease, parseReleaseLine, parseSuseRelease } from "./release-files.js";

export const osReleasePaths = ["/etc/os-release", "/usr/lib/os-release"] as const;

/** Release files in the order they are tried when there is no os-release (debian_version last: Ubuntu has one). */
export const releaseFileParsers: readonly [string, (text: string) => ReleaseFacts | undefined][] = [
  ["/etc/alpine-release", (t) => (firstLine(t) ? { family: "alpine", name: firstLine(t) } : undefined)],
  ["/etc/lsb-release", parseLsbRelease],
  ["/etc/centos-release", parseReleaseLine],
  ["/etc/rocky-release", parseReleaseLine],
  ["/etc/almalinux-release", parseReleaseLine],
  ["/etc/oracle-release", parseReleaseLine],
  ["/etc/fedora-release", parseReleaseLine],
  ["/etc/redhat-release", parseReleaseLine],
  ["/etc/system-release", parseReleaseLine],
  ["/etc/photon-release", parseReleaseLine],
  ["/etc/mariner-release", parseReleaseLine],
  ["/etc/azurelinux-release", parseReleaseLine],
  ["/etc/SuSE-release", parseSuseRelease],
  ["/etc/debian_version", parseDebianVersionFacts],
];

/** Every path OS detection reads. */
export const osPaths: readonly string[] = [...osReleasePaths, ...releaseFileParsers.map(([p]) => p)];

function parseDebianVersionFacts(text: string): ReleaseFacts | undefined {
  const dv = parseDebianVersion(text);
  if (dv.name) return { family: "debian", name: dv.name, codename: ownValue(debianCodenames, dv.name) };
  if (dv.codename) return { family: "debian", name: dv.codename, codename: dv.codename };
  return undefined;
}

export interface DetectOptions {
  /** Date to compute end of life against (default: now). */
  now?: Date;
}

type Files = ReadonlyMap<string, Buffer>;

/** Release files are a few hundred bytes: read at most 64 KiB of one. */
const MAX_RELEASE_FILE = 64 * 1024;
const text = (files: Files, path: string): string | undefined => files.get(path)?.subarray(0, MAX_RELEASE_FILE).toString("utf8");

export function detectOS(files: Files, options: DetectOptions = {}): OSInfo | undefined {
  const facts = fromOsRelease(files) ?? fromReleaseFiles(files);
  if (!facts) return undefined;
  return finish(facts, files, options.now ?? new Date());
}

interface Facts extends ReleaseFacts {
  variant?: string;
  distroless?: boolean;
}

function fromOsRelease(files: Files): Facts | undefined {
  const path = osReleasePaths.find((p) => files.has(p));
  if (path === undefined) return undefined;
  const kv = parseKeyValues(text(files, path) ?? "");
  const id = kv.get("ID")?.toLowerCase();
  if (!id) return undefined;
  const family = familyFromId(id) ?? id;
  const versionId = kv.get("VERSION_ID") ?? "";
  const codename = kv.get("VERSION_CODENAME") || kv.get("UBUNTU_CODENAME") || undefined;
  const prettyName = kv.get("PRETTY_NAME");
  const facts: Facts = { family, name: versionId ? feedRelease(family, versionId) : "", codename, prettyName };
  if (family === "centos" && /stream/i.test(kv.get("NAME") ?? "")) facts.variant = "centos-stream";
  if (family === "debian" && /distroless/i.test(prettyName ?? "")) facts.distroless = true;
  return refine(facts, files);
}

/** Family files that say more than os-release (or fill in what it lacks). */
function refine(facts: Facts, files: Files): Facts {
  if (facts.family === "alpine") {
    const r = firstLine(text(files, "/etc/alpine-release") ?? "");
    if (/^\d+\.\d+/.test(r)) facts.name = r;
  }
  if (facts.family === "debian") {
    const dv = parseDebianVersion(text(files, "/etc/debian_version") ?? "");
    if (!facts.name && dv.name) facts.name = dv.name;
    if (!facts.name && (facts.codename ?? dv.codename)) facts.name = (facts.codename ?? dv.codename) as string;
    facts.codename ??= ownValue(debianCodenames, facts.name) ?? dv.codename;
  }
  if ((facts.family === "wolfi" || facts.family === "chainguard") && !facts.name) facts.name = "rolling";
  return facts;
}

function fromReleaseFiles(files: Files): Facts | undefined {
  for (const [path, parse] of releaseFileParsers) {
    const t = text(files, path);
    if (t === undefined) continue;
    const facts = parse(t);
    if (!facts) continue;
    const name = feedRelease(facts.family, facts.name);
    const variant = facts.family === "centos" && /stream/i.test(t) ? "centos-stream" : undefined;
    return { ...facts, name, ...(variant ? { variant } : {}) };
  }
  return undefined;
}

function isDistrolessLayout(files: Files): boolean {
  let statusD = false;
  for (const p of files.keys()) if (p.startsWith("/var/lib/dpkg/status.d/")) statusD = true;
  return statusD && !files.has("/var/lib/dpkg/status");
}

function finish(facts: Facts, files: Files, now: Date): OSInfo {
  const os: OSInfo = { family: facts.family, name: facts.name };
  if (facts.codename) os.codename = facts.codename;
  if (facts.prettyName) os.prettyName = facts.prettyName;
  const eol = facts.name ? eolStatus(facts.family, facts.name, now, facts.variant) : undefined;
  if (eol) {
    os.eol = eol.eol;
    if (eol.eolDate) os.eolDate = eol.eolDate;
  }
  if (facts.family === "debian" && (facts.distroless || isDistrolessLayout(files))) os.distroless = true;
  return os;
}
