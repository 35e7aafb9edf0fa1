/** YAML parsing for lockfiles (pubspec.lock, Podfile.lock): a warning naming the file instead of a throw. */
import { parse } from "yaml";
import { asRecord } from "./types.js";
import { MAX_YAML_FLOW_DEPTH, yamlFlowTooDeep } from "../../util/yaml-depth.js";

/** The warning for YAML text whose flow collections nest too deep to parse safely (see util/yaml-depth.ts). */
export function yamlTooDeep(text: string, path: string): string | undefined {
  return yamlFlowTooDeep(text) ? `${path}: invalid YAML (collections nested more than ${MAX_YAML_FLOW_DEPTH} deep)` : undefined;
}

export function parseYamlMap(content: Buffer, path: string, warnings: string[]): Record<string, unknown> | undefined {
  const text = content.toString("utf8");
  const deep = yamlTooDeep(text, path);
  if (deep) {
    warnings.push(deep);
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
