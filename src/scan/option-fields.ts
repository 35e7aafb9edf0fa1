/**
 * Zod fields for options as people write them: on the command line and in DREDGE_* variables every value is
 * text (`CRITICAL,HIGH`, `5m`, `true`); in dredge.yaml or JSON lists, numbers and booleans are native. Each
 * field takes both and yields one typed value. Error messages are predicates on the value ("is not one of
 * …"): `formatOptionIssues` (options.ts) puts the option's name and the value in front.
 */
import { z } from "zod";
import { parseBytes, parseDuration } from "../util/units.js";

const isScalar = (v: unknown): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v);

/** `a, b,,c` or `[a, "b,c"]` → `["a", "b", "c"]`; anything else is left for the schema to reject. */
export function splitList(v: unknown): unknown {
  const items = typeof v === "string" ? [v] : Array.isArray(v) && v.every(isScalar) ? v.map(String) : undefined;
  return items ? items.flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean) : v;
}

const oneOfText = (values: readonly string[]) => `is not one of ${values.join(", ")}`;

/** One of `values` (a single word). */
export function oneOf<const T extends string>(values: readonly T[]) {
  return z.enum(values as readonly [T, ...T[]], { error: oneOfText(values) });
}

/** A non-empty list of `values`, comma-separated or a YAML/JSON list; `normalise` applies to each item first. */
export function listOf<const T extends string>(values: readonly T[], normalise: (s: string) => string = (s) => s) {
  const items = (v: unknown) => {
    const list = splitList(v);
    return Array.isArray(list) ? list.map((x) => (typeof x === "string" ? normalise(x) : x)) : list;
  };
  return z.preprocess(
    items,
    z.array(oneOf(values), { error: "is not a list" }).min(1, { error: `is an empty list; use one or more of ${values.join(", ")}` }),
  );
}

/** Free-form items (globs, file names), comma-separated or a list; empty items dropped. */
export const textList = z.preprocess(splitList, z.array(z.string(), { error: "is not a list of strings" }));

/** A string; empty means unset. Numbers and booleans (YAML `username: 1234`) are taken as text. */
export const text = z.preprocess(
  (v) => (v === "" ? undefined : isScalar(v) ? String(v) : v),
  z.string({ error: "is not a string" }).optional(),
);

/** true/false, also yes/no, on/off, 1/0 in text. */
export const flag = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  return v;
}, z.boolean({ error: "is not a boolean (true or false)" }));

/** A whole number in [min, max]. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  const range = max === Number.MAX_SAFE_INTEGER ? `is less than ${min}` : `is out of range (${min} to ${max})`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: "is not a whole number" }).int({ error: "is not a whole number" }).min(min, { error: range }).max(max, { error: range }),
  );
}

/** A value in a unit (`5m`, `32G`; plain numbers are seconds or bytes) → milliseconds or bytes. */
function measure(parse: (s: string) => number | undefined, what: string) {
  return z.preprocess(
    (v) => (typeof v === "string" || typeof v === "number" ? (parse(String(v)) ?? v) : v),
    z.number({ error: `is not ${what}` }),
  );
}

/** `90s`, `5m`, `1h30m`, plain seconds → milliseconds. */
export const duration = measure(parseDuration, "a duration such as 90s, 5m or 1h");

/** `512M`, `32G`, plain bytes → bytes (at least one). */
export const bytes = measure(parseBytes, "a size such as 512M or 32G").refine((n) => n >= 1, { error: "is not a size of at least 1 byte" });
