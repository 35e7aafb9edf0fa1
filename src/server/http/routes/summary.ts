/** Counts of an image's current findings (all severities, the server's defaults), for the image list. */
import { severities, type Severity } from "../../../model/finding.js";
import type { ApiContext } from "../context.js";

export interface ImageSummary {
  counts: Record<Severity, number>;
  kev: number;
  fixable: number;
}

export async function imageSummary(ctx: ApiContext, digest: string): Promise<ImageSummary | undefined> {
  const stored = await ctx.catalog.getStoredInventory(digest);
  if (!stored) return undefined;
  const report = await ctx.findings.report({ digest, storedAt: stored.storedAt }, stored.inventory, {}, false);
  const counts = Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  let kev = 0;
  let fixable = 0;
  for (const f of report.targets.flatMap((t) => t.vulnerabilities)) {
    if (f.suppressed) continue;
    counts[f.severity]++;
    if (f.kev) kev++;
    if (f.fixedVersions.length > 0) fixable++;
  }
  return { counts, kev, fixable };
}
