/** YAML parsing for lockfiles (pubspec.lock, Podfile.lock): a warning naming the file instead of a throw. */
import { parse } from "yaml";
import { asRecord } from "./types.js";

/** Flow collections nested deeper than this are refused before parsing (the parser recurses on them). */
const MAX_FLOW_DEPTH = 64;

/** Upper bound of `[`/`{` nesting (quotes ignored, so it may over-count, never under-count). */
function flowDepthOver(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}

export function parseYamlMap(content: Buffer, path: string, warnings: string[]): Record<string, unknown> | undefined {
  const text = content.toString("utf8");
  if (flowDepthOver(text, MAX_FLOW_DEPTH)) {
    warnings.push(`${path}: invalid YAML (collections nested more than ${MAX_FLOW_DEPTH} deep)`);
    return undefined;
  }
  try {
    // Alias expansion bounded (no "billion laughs"); lockfiles do not use aliases at all.
    const doc = asRecord(parse(text, { maxAliasCount: 100, logLevel: "error" }) as unknown);
    if (!doc) warnings.push(`${path}: not a YAML mapping`);
    return doc;
  } catch (err) {
    warnings.push(`${path}: invalid YAML (${(err instanceof Error ? err.message : String(err)).split("\n")[0]})`);
    return undefined;
  }
}
