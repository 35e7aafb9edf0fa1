/** How the human formats name what was scanned and its targets, without saying a word twice. */
import type { ScanReport, ScanTarget } from "../../model/finding.js";

/** `Image`, or `Path` (`dredge fs`, `dredge config`), `Directory` (`dredge rootfs`), `SBOM` (an SBOM file). */
export function artifactLabel(type: ScanReport["artifact"]["type"]): string {
  if (type === "fs") return "Path";
  if (type === "rootfs") return "Directory";
  if (type === "sbom") return "SBOM";
  return "Image";
}

const words = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Whether `text` already says `word` (as a word, or its plural). */
const says = (text: string, word: string): boolean => words(text).some((w) => w === word || w === `${word}s`);

/**
 * Whether the target's name (its last path segment: directories do not count) or the `kind` after it already
 * says its type: `img (debian 12)` of type debian, `/app/Dockerfile` of type dockerfile, but not
 * `/var/lib/gems/…/specifications` of type gem.
 */
export function typeIsSaid(t: Pick<ScanTarget, "target" | "type">, kind = ""): boolean {
  const type = t.type.toLowerCase();
  const paren = t.target.indexOf("(");
  const name = t.target.slice((paren < 0 ? t.target : t.target.slice(0, paren)).lastIndexOf("/") + 1);
  return says(name, type) || (kind !== "" && says(kind, type));
}

/**
 * A target as a heading names it: its name, its type in parentheses, then `kind` (`misconfigurations`,
 * `secrets`, `licenses`), each left out when the words before or after already say it:
 * `app (debian 12)` not `app (debian 12) (debian)`, `licenses` not `licenses (license) licenses`,
 * `/etc/app.conf secrets` not `/etc/app.conf (secret) secrets`.
 */
export function targetTitle(t: Pick<ScanTarget, "target" | "type">, kind = ""): string {
  const typed = typeIsSaid(t, kind) ? t.target : `${t.target} (${t.type})`;
  return kind && words(t.target).join(" ") !== kind.toLowerCase() ? `${typed} ${kind}` : typed;
}
