/**
 * Outside the API: /metrics in the Prometheus text format (on the API listener it needs a token; on
 * `--metrics-listen` it does not). Gauges are read from the catalog at scrape time; the counters and
 * histograms are this process's (metrics.ts).
 */
import type { ApiContext } from "../context.js";

/** What a scrape reads: a workers-only process has no findings service (no database age then). */
export type MetricsSource = Pick<ApiContext, "queue" | "catalog" | "layerCache" | "counters"> & {
  findings?: Pick<ApiContext["findings"], "builtAt">;
  fleet?: Pick<ApiContext["fleet"], "status">;
};

const line = (name: string, value: number, labels = ""): string => `${name}${labels ? `{${labels}}` : ""} ${value}\n`;

export async function metricsText(ctx: MetricsSource): Promise<string> {
  const [depth, counts, images, index] = await Promise.all([ctx.queue.depth(), ctx.queue.counts(), ctx.catalog.countImages(), ctx.fleet?.status()]);
  const builtAt = ctx.findings ? Date.parse(ctx.findings.builtAt()) : NaN;
  let out = "# HELP dredge_queue_depth Scans waiting, per lane.\n# TYPE dredge_queue_depth gauge\n";
  for (const [lane, n] of Object.entries(depth)) out += line("dredge_queue_depth", n, `lane="${lane}"`);
  out += "# HELP dredge_scans Scans in the catalog, per state.\n# TYPE dredge_scans gauge\n";
  for (const [state, n] of Object.entries(counts)) out += line("dredge_scans", n, `state="${state}"`);
  out += "# HELP dredge_scans_started_total Scans this process started.\n# TYPE dredge_scans_started_total counter\n";
  out += line("dredge_scans_started_total", ctx.counters.started);
  out += "# HELP dredge_scans_failed_total Scan attempts of this process that failed.\n# TYPE dredge_scans_failed_total counter\n";
  out += line("dredge_scans_failed_total", ctx.counters.failed);
  out += "# HELP dredge_scans_done_total Scans this process finished.\n# TYPE dredge_scans_done_total counter\n";
  out += line("dredge_scans_done_total", ctx.counters.done);
  out += "# HELP dredge_scans_reused_total Scans of this process answered from the stored inventory of the same image digest.\n# TYPE dredge_scans_reused_total counter\n";
  out += line("dredge_scans_reused_total", ctx.counters.reused);
  out += "# HELP dredge_layer_cache_hits_total Layer analyses found in the catalog.\n# TYPE dredge_layer_cache_hits_total counter\n";
  out += line("dredge_layer_cache_hits_total", ctx.layerCache.stats.hits);
  out += "# HELP dredge_layer_cache_misses_total Layer analyses not found in the catalog.\n# TYPE dredge_layer_cache_misses_total counter\n";
  out += line("dredge_layer_cache_misses_total", ctx.layerCache.stats.misses);
  out += "# HELP dredge_images Images in the catalog.\n# TYPE dredge_images gauge\n";
  out += line("dredge_images", images);
  if (index) {
    out += "# HELP dredge_findings_index_pending Images whose findings for the current database are not indexed yet.\n# TYPE dredge_findings_index_pending gauge\n";
    out += line("dredge_findings_index_pending", index.pending);
  }
  if (ctx.findings) {
    out += "# HELP dredge_db_age_seconds Age of the vulnerability database.\n# TYPE dredge_db_age_seconds gauge\n";
    out += line("dredge_db_age_seconds", Number.isNaN(builtAt) ? -1 : Math.max(0, Math.round((Date.now() - builtAt) / 1000)));
  }
  const { scanSeconds, queueWaitSeconds, httpSeconds } = ctx.counters;
  return out + scanSeconds.text() + queueWaitSeconds.text() + httpSeconds.text();
}
