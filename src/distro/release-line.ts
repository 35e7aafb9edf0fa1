/** One-line release files (/etc/redhat-release, /etc/system-release, …) → family, release, codename. */
import { firstLine } from "./os-release.js";
import type { ReleaseFacts, ReleaseLine } from "./types.js";

/** Parse a `<name> release X (codename)` line against `lines` in order; undefined when none matches. */
export function parseReleaseLine(text: string, lines: readonly ReleaseLine[]): ReleaseFacts | undefined {
  const line = firstLine(text);
  for (const { pattern, family } of lines) {
    const m = pattern.exec(line);
    if (!m?.[1]) continue;
    const codename = /\(([^)]+)\)\s*$/.exec(line)?.[1];
    return { family, name: m[1], prettyName: line, ...(codename ? { codename } : {}) };
  }
  return undefined;
}
