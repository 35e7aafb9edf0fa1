/** SUSE releases: /etc/SuSE-release (SLES 11/12, openSUSE ≤ 42) and OSV's `SUSE:Linux Enterprise Server 15 SP5`. */
import { firstLine, parseKeyValues } from "../os-release.js";
import type { ReleaseFacts } from "../types.js";

/** First line + VERSION / PATCHLEVEL: `12` patch level `5` → `12.5`. */
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

/** `Linux Enterprise Server 15 SP5` → `15.5`; `Leap 15.5` → `15.5`; otherwise the text, lower case. */
export function suseOsvRelease(text: string): { release: string } {
  const sp = /(\d+)\s+SP(\d+)/i.exec(text);
  if (sp) return { release: `${sp[1]}.${sp[2]}` };
  const num = /(\d+(?:\.\d+)?)/.exec(text);
  return { release: num?.[1] ?? text.toLowerCase() };
}
