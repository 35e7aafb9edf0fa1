import { z } from "zod";

/** A date-time string Date.parse understands (RFC 3339, with any fraction digits). */
export const dateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an RFC 3339 date-time");

/** The first defined and parseable timestamp, as epoch milliseconds. */
export function firstTime(...values: (string | undefined)[]): number | undefined {
  for (const v of values) {
    if (v === undefined) continue;
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}
