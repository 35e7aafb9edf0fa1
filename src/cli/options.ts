/**
 * The options a command runs with: ScanOptions (src/scan/options.ts) plus the settings only the command
 * line has (quiet, debug, cache dir), validated in one pass from the raw values pickSettings chose. A bad
 * value is one line naming where it came from (`--severity`, `DREDGE_SEVERITY (--severity)`, `severity in
 * ./dredge.yaml`), the value and what is allowed.
 */
import { z } from "zod";
import { DredgeError } from "../errors.js";
import { bytes, duration, flag, text, textList, wholeNumber } from "../scan/option-fields.js";
import { formatOptionIssues, scanOptionShape } from "../scan/options.js";
import type { RawSetting, SettingSpec, SettingType } from "./settings.js";
import { pickSettings } from "./settings.js";
import { safeParse } from "../util/schema.js";

const cliOnlyShape = {
  quiet: flag.prefault(false),
  debug: flag.prefault(false),
  cacheDir: text,
  tmpDir: text,
  /** Client mode: the Dredge server that matches, and its API token. */
  server: text,
  token: text,
  serverCaFile: text,
  serverInsecure: flag.prefault(false),
};

const cliOptionsSchema = z.strictObject({ ...scanOptionShape, ...cliOnlyShape });

export type CliOptions = z.output<typeof cliOptionsSchema>;

/** A setting outside both shapes (say, one just added to settings.ts) is checked by its declared type. */
const fieldOfType: Record<SettingType, z.ZodType> = {
  string: text,
  list: textList,
  boolean: flag,
  duration,
  integer: wholeNumber(0),
  bytes,
};

/** The settings with a typed field (ScanOptions or the CLI's own). */
export const typedOptionKeys: ReadonlySet<string> = new Set(Object.keys(cliOptionsSchema.shape));
const known = typedOptionKeys;

/** Validate the raw settings of `specs` (and any command option in `raw` that ScanOptions knows, like --format). */
export function validateSettings(specs: readonly SettingSpec[], raw: Readonly<Record<string, RawSetting>>): CliOptions {
  const input = (keep: (key: string) => boolean) =>
    Object.fromEntries(Object.entries(raw).filter(([k, r]) => keep(k) && r.value !== undefined).map(([k, r]) => [k, r.value]));
  const mainInput = input((k) => known.has(k));
  const others = specs.filter((s) => !known.has(s.key));
  const otherInput = input((k) => !known.has(k));
  const main = safeParse(cliOptionsSchema, mainInput, { reportInput: true });
  const other = safeParse(z.strictObject(Object.fromEntries(others.map((s) => [s.key, fieldOfType[s.type]]))), otherInput, { reportInput: true });
  if (main.success && other.success) return { ...other.data, ...main.data };
  const issues = [...(main.error?.issues ?? []), ...(other.error?.issues ?? [])];
  const nameOf = (key: string) => raw[key]?.where ?? key;
  throw new DredgeError("USAGE", formatOptionIssues(issues, { ...otherInput, ...mainInput }, nameOf, [...known]));
}

/** Resolve and validate every spec (pickSettings, then validateSettings): a bad value is a one-line USAGE error. */
export function resolveSettings(...args: Parameters<typeof pickSettings>): CliOptions {
  return validateSettings(args[0], pickSettings(...args));
}
