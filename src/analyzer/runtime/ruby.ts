/**
 * Ruby: `lib/ruby/3.2.0/<arch>/rbconfig.rb` (Debian: `lib/<triplet>/ruby/3.1.0/rbconfig.rb`), which every Ruby install needs at run time
 * (`CONFIG["MAJOR"] = "3"`, MINOR, TEENY → 3.2.2; the patch level is left out, as advisories do).
 */
import type { Package } from "../../model/package.js";
import { smallText } from "./scan.js";
import { runtimePackage, type RuntimeDetector } from "./types.js";

function configValue(text: string, key: string): string | undefined {
  return new RegExp(`^\\s*CONFIG\\["${key}"\\]\\s*=\\s*"(\\d{1,4})"\\s*$`, "m").exec(text)?.[1];
}

export function parseRbconfig(content: Buffer): string | undefined {
  const text = smallText(content, 1024 * 1024);
  if (text === undefined) return undefined;
  const parts = ["MAJOR", "MINOR", "TEENY"].map((k) => configValue(text, k));
  return parts.every((p) => p !== undefined) ? parts.join(".") : undefined;
}

export const rubyDetector: RuntimeDetector = {
  name: "ruby",
  wants: (path) => /(^|\/)ruby\/\d{1,2}\.\d{1,2}\.\d{1,2}\/(?:[^/]+\/)?rbconfig\.rb$/.test(path),
  detect(content: Buffer, path: string): Package[] {
    const v = parseRbconfig(content);
    return v ? [runtimePackage("ruby", v, path)] : [];
  },
};
