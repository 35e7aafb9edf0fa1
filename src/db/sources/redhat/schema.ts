/** zod schema of the parts of a CSAF 2.0 document (Red Hat VEX or advisory) that Dredge uses. */
import { z } from "zod";

const product = z.object({
  product_id: z.string(),
  name: z.string().optional(),
  product_identification_helper: z.object({ cpe: z.string().optional(), purl: z.string().optional() }).optional(),
});

export interface CsafBranch {
  category?: string;
  name?: string;
  product?: z.infer<typeof product>;
  branches?: CsafBranch[];
}

const branch: z.ZodType<CsafBranch> = z.lazy(() =>
  z.object({ category: z.string().optional(), name: z.string().optional(), product: product.optional(), branches: z.array(branch).optional() }),
);

const ids = z.array(z.string()).optional();

export const csafDocument = z.object({
  document: z.object({
    category: z.string(),
    tracking: z.object({ id: z.string(), current_release_date: z.string().optional() }),
  }),
  product_tree: z.object({
    branches: z.array(branch).default([]),
    relationships: z
      .array(z.object({ product_reference: z.string(), relates_to_product_reference: z.string(), full_product_name: z.object({ product_id: z.string() }) }))
      .default([]),
  }),
  vulnerabilities: z.array(
    z.object({
      cve: z.string().regex(/^CVE-\d{4}-\d+$/),
      title: z.string().optional(),
      cwe: z.object({ id: z.string() }).optional(),
      notes: z.array(z.object({ category: z.string(), text: z.string() })).default([]),
      discovery_date: z.string().optional(),
      release_date: z.string().optional(),
      product_status: z.object({ fixed: ids, known_affected: ids, known_not_affected: ids, under_investigation: ids }).default({}),
      remediations: z.array(z.object({ category: z.string(), details: z.string().optional(), product_ids: ids })).default([]),
      threats: z.array(z.object({ category: z.string(), details: z.string().optional() })).default([]),
      scores: z
        .array(z.object({
          cvss_v2: z.object({ vectorString: z.string(), baseScore: z.number() }).optional(),
          cvss_v3: z.object({ vectorString: z.string(), baseScore: z.number(), baseSeverity: z.string().optional() }).optional(),
        }))
        .default([]),
      references: z.array(z.object({ url: z.string(), category: z.string().optional() })).default([]),
    }),
  ),
});

export type CsafDocument = z.infer<typeof csafDocument>;
export type CsafVulnerability = CsafDocument["vulnerabilities"][number];
