/** Reads an ignore file in either format: YAML by extension or by content, otherwise plain. */
import { readPolicyFile } from "../read.js";
import { parsePlainIgnore } from "./plain.js";
import type { IgnoreRules } from "./types.js";
import { parseYamlIgnore } from "./yaml.js";

const maxIgnoreBytes = 8 * 1024 * 1024;
const yamlSections = /^(vulnerabilities|misconfigurations|secrets|licenses)\s*:/m;

/** True when the file name or the content says YAML (a top-level `vulnerabilities:`… key). */
export function isYamlIgnore(path: string, text: string): boolean {
  return /\.ya?ml$/i.test(path) || yamlSections.test(text);
}

/** Parses ignore-file text; `file` names the source in errors, warnings and `suppressed.source`. */
export function parseIgnore(text: string, file: string): IgnoreRules {
  return isYamlIgnore(file, text) ? parseYamlIgnore(text, file) : parsePlainIgnore(text, file);
}

/** Loads `.dredgeignore` / `.dredgeignore.yaml`; throws DredgeError INVALID_CONFIG naming file and line. */
export function loadIgnoreFile(path: string): IgnoreRules {
  return parseIgnore(readPolicyFile(path, "ignore file", maxIgnoreBytes), path);
}

/** Several ignore files as one rule set (rules keep their own file and line). */
export function mergeIgnoreRules(list: readonly IgnoreRules[]): IgnoreRules {
  return { sources: list.flatMap((r) => r.sources), rules: list.flatMap((r) => r.rules) };
}
