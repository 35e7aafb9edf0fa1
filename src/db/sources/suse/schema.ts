/** zod schema of the parts of SUSE's CSAF 2.0 documents (advisories and per-CVE VEX) that Dredge uses. */
import { z } from "zod";

const ids = z.array(z.string().max(1000)).max(200_000).optional();

export const suseCsaf = z.object({
  document: z.object({
    category: z.string(),
    title: z.string().optional(),
    tracking: z.object({ id: z.string().min(1).max(200), current_release_date: z.string().optional(), initial_release_date: z.string().optional() }),
    aggregate_severity: z.object({ text: z.string() }).optional(),
    notes: z.array(z.object({ category: z.string(), text: z.string(), title: z.string().optional() })).default([]),
    references: z.array(z.object({ url: z.string(), category: z.string().optional() })).default([]),
  }),
  product_tree: z.object({
    relationships: z
      .array(z.object({ product_reference: z.string(), relates_to_product_reference: z.string(), full_product_name: z.object({ product_id: z.string() }) }))
      .max(500_000)
      .default([]),
  }),
  vulnerabilities: z
    .array(z.object({
      cve: z.string().regex(/^CVE-\d{4}-\d+$/).optional(),
      title: z.string().optional(),
      notes: z.array(z.object({ category: z.string(), text: z.string() })).default([]),
      product_status: z.object({ recommended: ids, fixed: ids, known_affected: ids, known_not_affected: ids, under_investigation: ids }).default({}),
      threats: z.array(z.object({ category: z.string(), details: z.string().optional() })).default([]),
      scores: z.array(z.object({
        cvss_v2: z.object({ vectorString: z.string(), baseScore: z.number() }).optional(),
        cvss_v3: z.object({ vectorString: z.string(), baseScore: z.number() }).optional(),
      })).default([]),
      references: z.array(z.object({ url: z.string(), category: z.string().optional() })).default([]),
      remediations: z.array(z.object({ category: z.string(), details: z.string().optional(), product_ids: ids })).default([]),
    }))
    .default([]),
});

export type SuseCsaf = z.infer<typeof suseCsaf>;
export type SuseVulnerability = SuseCsaf["vulnerabilities"][number];
