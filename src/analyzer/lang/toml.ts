/** TOML parsing (smol-toml) that turns syntax errors into a warning naming the file. */
import { parse } from "smol-toml";
import { asRecord } from "./types.js";

export function parseToml(content: Buffer, path: string, warnings: string[]): Record<string, unknown> | undefined {
  try {
    return asRecord(parse(content.toString("utf8")));
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    warnings.push(`${path}: invalid TOML (${first})`);
    return undefined;
  }
}

/** The `[[package]]` array of tables of a lockfile, as records. */
export function tomlPackages(doc: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const list = doc?.package;
  return Array.isArray(list) ? list.map(asRecord).filter((p): p is Record<string, unknown> => p !== undefined) : [];
}
