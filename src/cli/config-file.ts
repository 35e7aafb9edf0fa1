/**
 * dredge.yaml: keys are the long flag names (`cache-dir: /var/cache/dredge`); nested maps are flattened
 * with dashes (`db: {repository: …}` → `db-repository`), except the scanners' own sections (`secret:`,
 * `license:`), which they read whole. Found at --config, $DREDGE_CONFIG, or ./dredge.yaml. A key that is no
 * setting of any command is an error with a did-you-mean (a typo must not be silently ignored).
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { DredgeError, errorMessage } from "../errors.js";
import { scannerConfigSections } from "../scan/scanners.js";
import { didYouMean } from "../util/did-you-mean.js";

export { findConfigFile } from "./config-location.js";

const MAX_CONFIG_BYTES = 1024 * 1024;

/** The settings of the config file, flattened; `known`: every setting's key (SettingSpec.file). */
export function loadConfigFile(path: string | undefined, known: readonly string[]): Record<string, unknown> {
  const { settings, unknown } = settingsOf(loadConfigDocument(path), known);
  if (unknown.length) {
    const keys = [...known, ...scannerConfigSections];
    const what = unknown.map((k) => `"${k}"${didYouMean(k, keys)}`).join(", ");
    throw new DredgeError("INVALID_CONFIG", `unknown ${unknown.length > 1 ? "keys" : "key"} ${what} in ${path}`);
  }
  return settings;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Known settings and unknown keys. A map is flattened when some setting lives under it (`db:`); a key no
 * setting starts with is unknown as a whole (`licence:`, not each of its entries); a map under a setting's own
 * key (`severity: {…}`) is kept for the schema to reject as a value.
 */
function settingsOf(doc: Record<string, unknown>, known: readonly string[]): { settings: Record<string, unknown>; unknown: string[] } {
  const settings: Record<string, unknown> = {};
  const unknown: string[] = [];
  const sections: readonly string[] = scannerConfigSections;
  for (const [key, value] of Object.entries(doc)) {
    if (sections.includes(key)) continue;
    const nests = isMap(value) && known.some((k) => k.startsWith(`${key}-`));
    for (const [k, v] of Object.entries(nests ? flatten(value, key) : { [key]: value })) {
      if (known.includes(k)) settings[k] = v;
      else unknown.push(k);
    }
  }
  return { settings, unknown };
}

/** The config file as written (nested sections such as `secret:` and `license:` kept). */
export function loadConfigDocument(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_CONFIG_BYTES) throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes`);
    text = buf.toString("utf8");
  } catch (err) {
    throw new DredgeError("INVALID_CONFIG", `cannot read config file ${path}: ${errorMessage(err)}`);
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100, prettyErrors: true });
  } catch (err) {
    throw new DredgeError("INVALID_CONFIG", `config file ${path} is not valid YAML: ${errorMessage(err).split("\n")[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new DredgeError("INVALID_CONFIG", `config file ${path} must be a map of settings`);
  }
  return doc as Record<string, unknown>;
}

function flatten(obj: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}-${k}` : k;
    // An empty map stays a key of its own, so that a misspelt key (`db: {max-ag: {}}`) is still seen.
    if (isMap(v) && Object.keys(v).length > 0) Object.assign(out, flatten(v, key));
    else out[key] = v;
  }
  return out;
}
