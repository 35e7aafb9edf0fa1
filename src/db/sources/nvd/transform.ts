/**
 * NVD API 2.0 `vulnerabilities[].cve` → a vulnerability record (CVSS v2/v3.x/v4.0, CWE, references, dates)
 * and its CPE match rows in the `cpe` namespace (./affected.ts); a rejected CVE keeps no rows.
 */
import { z } from "zod";
import type { FeedOutput, Severity, VulnerabilityRecord } from "../../model.js";
import { MalformedRecord, type RawRecord } from "../types.js";
import { nvdAffected } from "./affected.js";
import { safeParse } from "../../../util/schema.js";

const metric = z.object({
  source: z.string().optional(),
  type: z.string().optional(),
  baseSeverity: z.string().optional(),
  cvssData: z.object({ version: z.string().optional(), vectorString: z.string(), baseScore: z.number(), baseSeverity: z.string().optional() }),
});
const metrics = z.array(metric).optional();

export const nvdCve = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d+$/),
  published: z.string().optional(),
  lastModified: z.string().optional(),
  vulnStatus: z.string().optional(),
  descriptions: z.array(z.object({ lang: z.string(), value: z.string() })).default([]),
  metrics: z.object({ cvssMetricV2: metrics, cvssMetricV30: metrics, cvssMetricV31: metrics, cvssMetricV40: metrics }).default({}),
  weaknesses: z.array(z.object({ description: z.array(z.object({ lang: z.string(), value: z.string() })) })).default([]),
  references: z.array(z.object({ url: z.string(), tags: z.array(z.string()).optional() })).default([]),
  // Read match by match in ./affected.ts: one malformed CPE match must not cost the CVE its description.
  configurations: z.unknown().optional(),
});

const TYPES: [keyof z.infer<typeof nvdCve>["metrics"], string][] = [
  ["cvssMetricV2", "CVSS_V2"], ["cvssMetricV30", "CVSS_V3"], ["cvssMetricV31", "CVSS_V3"], ["cvssMetricV40", "CVSS_V4"],
];

function severities(m: z.infer<typeof nvdCve>["metrics"]): Severity[] {
  const out: Severity[] = [];
  for (const [key, type] of TYPES) {
    for (const x of m[key] ?? []) {
      const rating = (x.cvssData.baseSeverity ?? x.baseSeverity)?.toLowerCase();
      // NVD's own score is "Primary"; CNA scores are kept too, named by their source.
      const source = x.type === "Secondary" && x.source ? `nvd:${x.source}` : "nvd";
      out.push({ source, type, vector: x.cvssData.vectorString, score: x.cvssData.baseScore, ...(rating ? { rating } : {}) });
    }
  }
  return out;
}

export function transformNvd(raw: RawRecord): FeedOutput {
  if (raw.error) throw new MalformedRecord(raw.error);
  const wrapper = raw.data as { cve?: unknown } | null;
  const p = safeParse(nvdCve, wrapper?.cve);
  if (!p.success) {
    const i = p.error.issues[0];
    throw new MalformedRecord(`not an NVD CVE item: ${i?.path.join(".") ?? ""} ${i?.message ?? ""}`);
  }
  const c = p.data;
  const cwes = [...new Set(c.weaknesses.flatMap((w) => w.description.map((d) => d.value)).filter((v) => /^CWE-\d+$/.test(v)))];
  const v: VulnerabilityRecord = {
    id: c.id, source: "nvd", aliases: [], related: [], severities: severities(c.metrics), cwes,
    references: c.references.map((r) => (r.tags?.length ? { url: r.url, type: r.tags.join(",") } : { url: r.url })),
  };
  const desc = c.descriptions.find((d) => d.lang === "en")?.value ?? c.descriptions[0]?.value;
  if (desc) v.description = desc;
  if (c.published) v.published = c.published;
  if (c.lastModified) v.modified = c.lastModified;
  if (c.vulnStatus === "Rejected") {
    v.withdrawn = c.lastModified ?? c.published ?? "";
    return { vulnerabilities: [v], affected: [] };
  }
  return { vulnerabilities: [v], affected: nvdAffected(c.id, c.configurations) };
}
