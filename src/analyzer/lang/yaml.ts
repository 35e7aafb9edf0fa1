/** YAML parsing for lockfiles (pubspec.lock, Podfile.lock): a warning naming the file instead of a throw. */
import { parse } from "yaml";
import { asRecord } from "./types.js";

export function parseYamlMap(content: Buffer, path: string, warnings: string[]): Record<string, unknown> | undefined {
  try {
    // Alias expansion bounded (no "billion laughs"); lockfiles do not use aliases at all.
    const doc = asRecord(parse(content.toString("utf8"), { maxAliasCount: 100, logLevel: "error" }) as unknown);
    if (!doc) warnings.push(`${path}: not a YAML mapping`);
    return doc;
  } catch (err) {
    warnings.push(`${path}: invalid YAML (${(err instanceof Error ? err.message : String(err)).split("\n")[0]})`);
    return undefined;
  }
}
