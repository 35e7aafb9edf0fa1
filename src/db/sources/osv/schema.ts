/** zod schema of an OSV record (https://ossf.github.io/osv-schema/), lenient where real feeds vary. */
import { z } from "zod";

const list = <T extends z.ZodType>(item: T) =>
  z.array(item).nullish().transform((v) => v ?? []);

export const osvEvent = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});

export const osvRange = z.object({
  type: z.string(),
  repo: z.string().optional(),
  events: z.array(osvEvent),
});

export const osvAffected = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }).optional(),
  ranges: list(osvRange),
  versions: list(z.string()),
  severity: list(z.object({ type: z.string(), score: z.string() })),
  ecosystem_specific: z.record(z.string(), z.unknown()).nullish(),
  database_specific: z.record(z.string(), z.unknown()).nullish(),
});

export const osvRecord = z.object({
  id: z.string().min(1),
  modified: z.string().optional(),
  published: z.string().nullish(),
  withdrawn: z.string().nullish(),
  aliases: list(z.string()),
  related: list(z.string()),
  upstream: list(z.string()),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  severity: list(z.object({ type: z.string(), score: z.string() })),
  affected: list(osvAffected),
  references: list(z.object({ type: z.string().optional(), url: z.string() })),
  database_specific: z.record(z.string(), z.unknown()).nullish(),
});

export type OsvRecord = z.infer<typeof osvRecord>;
export type OsvAffected = z.infer<typeof osvAffected>;
