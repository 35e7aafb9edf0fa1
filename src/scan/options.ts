/**
 * What a scan can be asked: `ScanOptions`, one typed object built once through one strict schema — by the
 * CLI from flags, DREDGE_* variables and dredge.yaml, by the server from JSON. Keys are the flags' names in
 * camelCase (`--pkg-types` → `pkgTypes`); enum values come from their own single sources (severities,
 * scanners, statuses, package classes, sort orders, groupings, the report registry); defaults are written
 * as a user would write them (`10m`, `32G`) and parsed like any input.
 */
import { z } from "zod";
import { DEFAULT_DB_REPOSITORY } from "../db/distribution/access.js";
import { DredgeError, isDredgeError } from "../errors.js";
import { parsePlatform } from "../image/platform.js";
import { findingStatuses, severities } from "../model/finding.js";
import { packageClasses } from "../model/package.js";
import { isReportFormat, reportFormats } from "../report/registry.js";
import type { ReportFormat } from "../report/types.js";
import { groupings } from "../report/types.js";
import { didYouMean } from "../util/did-you-mean.js";
import { sortOrders } from "./filter.js";
import { severitySourceIds } from "../matcher/severity.js";
import { bytes, duration, flag, listOf, oneOf, splitList, text, textList, wholeNumber } from "./option-fields.js";
import { scannerNames } from "./scanners.js";
import { safeParse } from "../util/schema.js";

/** Where an image's packages come from: its layers, or an SBOM attached to it as an OCI referrer. */
export const sbomSources = ["layers", "referrers"] as const;

/** `--format FORMAT[=FILE]`: a report format of the registry, written to stdout or to FILE. */
export interface OutputSpec {
  format: ReportFormat;
  file?: string;
}

const outputSpec = z.string({ error: "is not a string" }).transform((s, ctx): OutputSpec => {
  const i = s.indexOf("=");
  const format = i < 0 ? s : s.slice(0, i);
  if (!isReportFormat(format)) {
    ctx.issues.push({ code: "custom", input: format, message: `is not one of ${reportFormats.join(", ")}` });
    return z.NEVER;
  }
  return i < 0 ? { format } : { format, file: s.slice(i + 1) };
});

const isPlatform = (p: string | undefined): boolean => {
  if (p === undefined || p === "all") return true;
  try {
    parsePlatform(p);
    return true;
  } catch (err) {
    if (isDredgeError(err, "USAGE")) return false;
    throw err;
  }
};

const upper = (s: string) => s.toUpperCase();

export const scanOptionShape = {
  // Image access and limits.
  platform: text.refine(isPlatform, { error: "is not os/arch[/variant] (e.g. linux/arm64/v8) or all" }),
  username: text,
  password: text,
  insecure: flag.prefault(false),
  cache: flag.prefault(true),
  dockerHost: text,
  maxLayerBytes: bytes.prefault("32G"),
  maxLayerEntries: wholeNumber(1).prefault(5_000_000),
  maxLayerAnalyzedBytes: bytes.prefault("512M"),
  timeout: duration.prefault("10m"),
  sbomSource: oneOf(sbomSources).prefault("layers"),
  // What to look for, where.
  scanners: listOf(scannerNames).prefault("vuln,secret"),
  skipDirs: textList.prefault([]),
  skipFiles: textList.prefault([]),
  baseImage: text,
  // Filters and suppressions.
  severity: listOf(severities, upper).prefault(severities.join(",")),
  ignoreUnfixed: flag.prefault(false),
  includeDevDeps: flag.prefault(false),
  ignoreStatus: listOf(findingStatuses).optional(),
  vulnSeveritySource: listOf(severitySourceIds, (s) => s.toLowerCase()).prefault("auto"),
  pkgTypes: listOf(packageClasses).prefault(packageClasses.join(",")),
  ignorefile: text,
  vex: textList.prefault([]),
  // Reports and the gate.
  format: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(outputSpec, { error: "is not a list" })).prefault([]),
  sort: oneOf(sortOrders).prefault("severity"),
  groupBy: oneOf(groupings).prefault("target"),
  showSuppressed: flag.prefault(false),
  listAllPkgs: flag.prefault(false),
  exitCode: wholeNumber(0, 255).prefault(0),
  policy: text,
  policyExitCode: wholeNumber(0, 255).prefault(1),
  failOnWarn: flag.prefault(false),
  // The vulnerability database.
  db: text,
  dbRepository: text.prefault(DEFAULT_DB_REPOSITORY),
  dbNamespaces: z
    .preprocess(splitList, z.array(z.string(), { error: "is not a list of strings" }))
    .transform((list): "all" | string[] => (list.length === 0 || list.includes("all") ? "all" : list))
    .prefault("all"),
  dbMaxAge: duration.prefault("24h"),
  skipDbUpdate: flag.prefault(false),
  offline: flag.prefault(false),
};

export type ScanOptionKey = keyof typeof scanOptionShape;

export const scanOptionsSchema = z.strictObject(scanOptionShape);

export type ScanOptions = z.output<typeof scanOptionsSchema>;

/** Options whose values never appear in messages. */
const secretOptions: ReadonlySet<string> = new Set(["password", "token"]);

/** How an option is named to the user: the CLI says `--severity` or `DREDGE_SEVERITY`, the server the JSON key. */
export type OptionNamer = (key: string) => string;

/** ScanOptions from untrusted input (JSON, a merged config); a bad value is a one-line USAGE error. */
export function parseScanOptions(input: unknown, nameOf: OptionNamer = (k) => k): ScanOptions {
  const r = safeParse(scanOptionsSchema, input, { reportInput: true });
  if (r.success) return r.data;
  const raw = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
  throw new DredgeError("USAGE", formatOptionIssues(r.error.issues, raw, nameOf, Object.keys(scanOptionShape)));
}

/**
 * One line for all the issues: each names the option, its value (the bad list item when one is) and what
 * is wrong, with the allowed values; unknown keys get a did-you-mean from `known`.
 */
export function formatOptionIssues(
  issues: readonly z.core.$ZodIssue[],
  input: Readonly<Record<string, unknown>>,
  nameOf: OptionNamer,
  known: readonly string[],
): string {
  return issues.map((issue) => describeIssue(issue, input, nameOf, known)).join("; ");
}

function describeIssue(issue: z.core.$ZodIssue, input: Readonly<Record<string, unknown>>, nameOf: OptionNamer, known: readonly string[]): string {
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => `unknown option "${k}"${didYouMean(k, known)}`).join("; ");
  if (issue.path.length === 0) return `invalid options: ${issue.message}`;
  const key = String(issue.path[0]);
  const value = issue.path.length > 1 ? issue.input : input[key];
  return invalidValueMessage(nameOf(key), secretOptions.has(key) ? "(hidden)" : showValue(value), issue.message);
}

/** A value as messages quote it: `"CRTICAL"`, `300`, `["a"]`. */
export const showValue = (v: unknown): string => (v === undefined ? "(none)" : (JSON.stringify(v) ?? String(v)));

/** `invalid --severity: "CRTICAL" is not one of CRITICAL, …` (`shown`: the value as showValue quotes it). */
export const invalidValueMessage = (name: string, shown: string, problem: string): string => `invalid ${name}: ${shown} ${problem}`;

/** A command's own enum option (`dredge sbom --format`) with a value outside `allowed`. */
export const notOneOf = (name: string, value: string, allowed: readonly string[]): DredgeError =>
  new DredgeError("USAGE", invalidValueMessage(name, showValue(value), `is not one of ${allowed.join(", ")}`));

/** The default of an option as a user would write it (for --help), if it has one. */
export function defaultInput(key: string): unknown {
  const field: z.ZodType | undefined = (scanOptionShape as Record<string, z.ZodType>)[key];
  return field instanceof z.ZodPrefault ? (field.def.defaultValue as unknown) : undefined;
}
