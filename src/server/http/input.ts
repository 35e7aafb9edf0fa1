/** Untrusted input (bodies, queries, path parameters) through zod; a bad value is a 400 naming it. */
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import { formatOptionIssues, scanOptionsSchema } from "../../scan/options.js";
import { notFound } from "./problem.js";
import { safeParse } from "../../util/schema.js";

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = safeParse(schema, value ?? {});
  if (r.success) return r.data;
  const raw = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  throw new DredgeError("USAGE", `invalid ${where}: ${formatOptionIssues(r.error.issues, raw, (k) => k, Object.keys(raw))}`);
}

export const digestParam = z.strictObject({ digest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,128}$/, { error: "is not a digest" }) });

/** The path's digest; an ill-formed one names no image (404). */
export function digestOf(params: unknown): string {
  const r = safeParse(digestParam, params);
  if (!r.success) throw notFound("image");
  return r.data.digest;
}

const boolText = z.enum(["true", "false"], { error: "is not true or false" }).transform((v) => v === "true");

/** The CLI's finding filters and sort, as query parameters (`severity=HIGH,CRITICAL&ignoreUnfixed=true`). */
export const filterQuery = {
  severity: scanOptionsSchema.shape.severity.optional(),
  ignoreUnfixed: boolText.optional(),
  pkgTypes: scanOptionsSchema.shape.pkgTypes.optional(),
  ignoreStatus: scanOptionsSchema.shape.ignoreStatus,
  sort: scanOptionsSchema.shape.sort.optional(),
};

export const pageQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ error: "is not a number" }).int().min(1).max(500).default(50),
};

export { boolText };

/** Drops undefined values (zod keeps absent optional keys out; this keeps the types honest for spreads). */
export const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
