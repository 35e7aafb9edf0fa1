/**
 * OS detection as a pure function over the collected files (path → content). Precedence: /etc/os-release,
 * then /usr/lib/os-release, then the distros' release files (src/distro/<name>/: each distro's own, then
 * those several distros ship); a family can refine the os-release answer with its own files (Alpine's
 * patch release from /etc/alpine-release, Debian's number from /etc/debian_version).
 */
import type { OSInfo } from "../../model/package.js";
import { distros, familyFromId, familySpec, feedRelease, releaseLines } from "../../distro/index.js";
import { eolStatus } from "../../distro/eol.js";
import { parseKeyValues } from "../../distro/os-release.js";
import { parseReleaseLine } from "../../distro/release-line.js";
import type { FamilySpec, ReleaseFacts, ReleaseFile } from "../../distro/types.js";

export const osReleasePaths = ["/etc/os-release", "/usr/lib/os-release"] as const;

const parser = (f: ReleaseFile) => [f.path, f.parse ?? ((text: string) => parseReleaseLine(text, releaseLines))] as const;
const releaseFiles = distros.flatMap((d) => d.releaseFiles ?? []);

/** Release files in the order they are tried when there is no os-release (shared ones last: Ubuntu has a debian_version). */
export const releaseFileParsers: readonly (readonly [string, (text: string) => ReleaseFacts | undefined])[] = [
  ...releaseFiles.filter((f) => !f.shared).map(parser),
  ...releaseFiles.filter((f) => f.shared).map(parser),
];

/** Every path OS detection reads. */
export const osPaths: readonly string[] = [...osReleasePaths, ...releaseFileParsers.map(([p]) => p)];

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

/** The family's variant (`centos-stream`) when `name` says so. */
export function variantOf(family: FamilySpec | undefined, name: string | undefined): string | undefined {
  return family?.variant && family.variant.test.test(name ?? "") ? family.variant.id : undefined;
}

function fromOsRelease(files: Files): Facts | undefined {
  const path = osReleasePaths.find((p) => files.has(p));
  if (path === undefined) return undefined;
  const kv = parseKeyValues(text(files, path) ?? "");
  const id = kv.get("ID")?.toLowerCase();
  if (!id) return undefined;
  const family = familyFromId(id) ?? id;
  const spec = familySpec(family);
  const versionId = kv.get("VERSION_ID") ?? "";
  const codename = kv.get("VERSION_CODENAME") || kv.get("UBUNTU_CODENAME") || undefined;
  const prettyName = kv.get("PRETTY_NAME");
  const facts: Facts = { family, name: versionId ? feedRelease(family, versionId) : "", codename, prettyName };
  const variant = variantOf(spec, kv.get("NAME"));
  if (variant) facts.variant = variant;
  if (spec?.distroless && /distroless/i.test(prettyName ?? "")) facts.distroless = true;
  spec?.refine?.(facts, (p) => text(files, p));
  return facts;
}

function fromReleaseFiles(files: Files): Facts | undefined {
  for (const [path, parse] of releaseFileParsers) {
    const t = text(files, path);
    if (t === undefined) continue;
    const facts = parse(t);
    if (!facts) continue;
    const name = feedRelease(facts.family, facts.name);
    const variant = variantOf(familySpec(facts.family), t);
    return { ...facts, name, ...(variant ? { variant } : {}) };
  }
  return undefined;
}

/** A dpkg `status.d` without `status`: the layout of distroless images. */
export function isDistrolessLayout(paths: Iterable<string>): boolean {
  let statusD = false;
  for (const p of paths) {
    if (p === "/var/lib/dpkg/status") return false;
    if (p.startsWith("/var/lib/dpkg/status.d/")) statusD = true;
  }
  return statusD;
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
  if (familySpec(facts.family)?.distroless && (facts.distroless || isDistrolessLayout(files.keys()))) os.distroless = true;
  return os;
}
