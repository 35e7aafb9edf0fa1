/**
 * Settings shared by commands. Each has a flag, a DREDGE_* environment variable and a key in dredge.yaml;
 * flags override the environment, which overrides the file, which overrides the default. The chosen raw
 * values are validated once into typed options (options.ts: the ScanOptions schema of src/scan/options.ts
 * plus the CLI's own settings); a bad value is a usage error naming the flag, variable or key.
 */
import { homedir } from "node:os";
import { join } from "node:path";

/** `list`: comma-separated; a repeated flag arrives joined by commas, a YAML list as a list. */
export type SettingType = "string" | "list" | "boolean" | "duration" | "integer" | "bytes";

export interface SettingSpec {
  /** camelCase key as commander stores it. */
  key: string;
  flags: string;
  description: string;
  type: SettingType;
  env: string;
  /** Key in dredge.yaml (kebab-case, as the flag). */
  file: string;
  /** The CLI's own default, as a user would write it; settings that ScanOptions has take the schema's default. */
  defaultValue?: string | number | boolean;
}

/** A setting whose env variable and config key derive from its long flag (`--db-max-age` → DREDGE_DB_MAX_AGE). */
export const setting = (key: string, flags: string, type: SettingType, description: string, defaultValue?: string | number | boolean): SettingSpec => {
  const long = /--([a-z0-9-]+)/.exec(flags)?.[1] ?? key;
  return { key, flags, type, description, env: `DREDGE_${long.toUpperCase().replace(/-/g, "_")}`, file: long, defaultValue };
};

export const defaultCacheDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.XDG_CACHE_HOME ? join(env.XDG_CACHE_HOME, "dredge") : join(homedir(), ".cache", "dredge");

const s = setting;

export const globalSettings: readonly SettingSpec[] = [
  s("quiet", "-q, --quiet", "boolean", "print nothing but the result (no warnings, no progress)", false),
  s("debug", "-d, --debug", "boolean", "print debug logs and stack traces", false),
  s("cacheDir", "--cache-dir <dir>", "string", "cache directory (layer analyses, database, temp files)"),
  s("tmpDir", "--tmp-dir <dir>", "string", "temporary files, SQLite's included (default: CACHE_DIR/tmp)"),
  s("timeout", "--timeout <duration>", "duration", "give up after this long (e.g. 30s, 5m)", "10m"),
];

export const imageSettings: readonly SettingSpec[] = [
  s("platform", "--platform <os/arch[/variant]|all>", "string", "platform to read from a multi-platform image (default: the host's; all: every one, each report holding them all)"),
  s("username", "--username <name>", "string", "registry user name (image and database pulls)"),
  s("password", "--password <secret>", "string", "registry password or token, image and database pulls (prefer DREDGE_PASSWORD)"),
  s("insecure", "--insecure", "boolean", "allow plain HTTP and unverified TLS for registries"),
  { ...s("cache", "--no-cache", "boolean", "do not read or write the layer-analysis cache"), env: "DREDGE_CACHE", file: "cache" },
  s("dockerHost", "--docker-host <url>", "string", "Docker Engine API socket (default: $DOCKER_HOST or unix:///var/run/docker.sock)"),
  s("maxLayerBytes", "--max-layer-bytes <size>", "bytes", "refuse layers (and gzipped image archives) larger than this uncompressed (e.g. 32G)"),
  s("maxLayerEntries", "--max-layer-entries <n>", "integer", "refuse layers with more entries than this"),
  s("maxLayerAnalyzedBytes", "--max-layer-analyzed-bytes <size>", "bytes", "content of package databases and other files analysed together kept per layer; past it files are skipped with a warning and the inventory is marked incomplete"),
];

/** A setting's raw value (text from a flag or the environment, a YAML value from the file) and where it came from. */
export interface RawSetting {
  value: unknown;
  /** `--severity`, `DREDGE_SEVERITY (--severity)`, `severity in ./dredge.yaml`, `default`. */
  where: string;
}

/** Pick each spec's raw value: flag (if given on the command line) > env > config file > the spec's default. */
export function pickSettings(
  specs: readonly SettingSpec[],
  flags: Record<string, unknown>,
  fromCli: (key: string) => boolean,
  env: NodeJS.ProcessEnv,
  file: Record<string, unknown>,
  configPath = "the config file",
): Record<string, RawSetting> {
  const out: Record<string, RawSetting> = {};
  for (const spec of specs) {
    const flag = `--${spec.file}`;
    if (fromCli(spec.key)) out[spec.key] = { value: flags[spec.key], where: flag };
    else if (env[spec.env] !== undefined && env[spec.env] !== "") out[spec.key] = { value: env[spec.env], where: `${spec.env} (${flag})` };
    else if (file[spec.file] !== undefined) out[spec.key] = { value: file[spec.file], where: `${spec.file} in ${configPath}` };
    else if (spec.defaultValue !== undefined) out[spec.key] = { value: spec.defaultValue, where: "default" };
  }
  return out;
}

export { parseBytes, parseDuration } from "../util/units.js";
