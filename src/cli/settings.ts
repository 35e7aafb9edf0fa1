/**
 * Settings shared by commands. Each has a flag, a DREDGE_* environment variable and a key in dredge.yaml;
 * flags override the environment, which overrides the file, which overrides the default.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { DredgeError } from "../errors.js";

/** `list`: comma-separated; a repeated flag or a YAML list arrives joined by commas. */
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
  defaultValue?: string | number | boolean;
}

/** A setting whose env variable and config key derive from its long flag (`--db-max-age` → DREDGE_DB_MAX_AGE). */
export const setting = (key: string, flags: string, type: SettingType, description: string, defaultValue?: string | number | boolean): SettingSpec => {
  const long = /--([a-z0-9-]+)/.exec(flags)?.[1] ?? key;
  return { key, flags, type, description, env: `DREDGE_${long.toUpperCase().replace(/-/g, "_")}`, file: long, defaultValue };
};

export const defaultCacheDir = (): string =>
  process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, "dredge") : join(homedir(), ".cache", "dredge");

const s = setting;

export const globalSettings: readonly SettingSpec[] = [
  s("quiet", "-q, --quiet", "boolean", "print nothing but the result (no warnings, no progress)", false),
  s("debug", "-d, --debug", "boolean", "print debug logs and stack traces", false),
  s("cacheDir", "--cache-dir <dir>", "string", "cache directory (layer analyses, database, temp files)"),
  s("timeout", "--timeout <duration>", "duration", "give up after this long (e.g. 30s, 5m)", "10m"),
];

export const imageSettings: readonly SettingSpec[] = [
  s("platform", "--platform <os/arch[/variant]|all>", "string", "platform to read from a multi-platform image (default: the host's; all: every one)"),
  s("username", "--username <name>", "string", "registry user name"),
  s("password", "--password <secret>", "string", "registry password or token (prefer DREDGE_PASSWORD)"),
  s("insecure", "--insecure", "boolean", "allow plain HTTP and unverified TLS for registries", false),
  { ...s("cache", "--no-cache", "boolean", "do not read or write the layer-analysis cache", true), env: "DREDGE_CACHE", file: "cache" },
  s("dockerHost", "--docker-host <url>", "string", "Docker Engine API socket (default: $DOCKER_HOST or unix:///var/run/docker.sock)"),
  s("maxLayerBytes", "--max-layer-bytes <size>", "bytes", "refuse layers larger than this uncompressed (e.g. 32G)", "32G"),
  s("maxLayerEntries", "--max-layer-entries <n>", "integer", "refuse layers with more entries than this", 5_000_000),
  s("maxLayerAnalyzedBytes", "--max-layer-analyzed-bytes <size>", "bytes", "content of package databases and other files analysed together kept per layer; past it files are skipped with a warning and the inventory is marked incomplete", "512M"),
];

export type SettingValue = string | number | boolean | undefined;

/** A string setting's value, or undefined when unset or empty. */
export const stringSetting = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Resolve every spec: flag (if given on the command line) > env > config file > default. */
export function resolveSettings(
  specs: readonly SettingSpec[],
  flags: Record<string, unknown>,
  fromCli: (key: string) => boolean,
  env: NodeJS.ProcessEnv,
  file: Record<string, unknown>,
): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const spec of specs) {
    let raw: unknown;
    let where: string;
    if (fromCli(spec.key)) [raw, where] = [flags[spec.key], `--${spec.file}`];
    else if (env[spec.env] !== undefined && env[spec.env] !== "") [raw, where] = [env[spec.env], spec.env];
    else if (file[spec.file] !== undefined) [raw, where] = [file[spec.file], `${spec.file} in the config file`];
    else [raw, where] = [spec.defaultValue, "default"];
    out[spec.key] = raw === undefined ? undefined : convert(spec, raw, where);
  }
  return out;
}

function convert(spec: SettingSpec, raw: unknown, where: string): SettingValue {
  const bad = (what: string) => new DredgeError("USAGE", `invalid ${where}: ${JSON.stringify(raw)} is not ${what}`);
  switch (spec.type) {
    case "boolean":
      if (typeof raw === "boolean") return raw;
      if (/^(1|true|yes|on)$/i.test(String(raw))) return true;
      if (/^(0|false|no|off)$/i.test(String(raw))) return false;
      throw bad("a boolean (true/false)");
    case "duration":
      return parseDuration(String(raw)) ?? (() => { throw bad("a duration such as 90s, 5m or 1h"); })();
    case "bytes":
      return parseBytes(String(raw)) ?? (() => { throw bad("a size such as 512M or 32G"); })();
    case "integer": {
      const n = typeof raw === "number" ? raw : Number(String(raw));
      if (!Number.isSafeInteger(n) || n < 0) throw bad("a whole number");
      return n;
    }
    case "list":
      if (Array.isArray(raw) && raw.every((x) => typeof x !== "object")) return raw.map(String).join(",");
      if (typeof raw === "object") throw bad("a list of strings");
      return String(raw);
    default:
      if (typeof raw === "object") throw bad("a string");
      return String(raw);
  }
}

/** `90s`, `5m`, `1h30m`, `250ms`, or plain seconds → milliseconds. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let consumed = 0;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * unit[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

/** `512M`, `32G`, `1.5GiB`, plain bytes → bytes. */
export function parseBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const pow = { "": 0, k: 1, m: 2, g: 3, t: 4 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g" | "t"];
  return Math.floor(Number(m[1]) * 1024 ** pow);
}
