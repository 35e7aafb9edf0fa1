/**
 * SARIF for several images: one log, one run per image (docs/reports.md, "Several images"). Each run is the
 * single-image run, plus `automationDetails.id` (`dredge/NAME (os/arch)/`: GitHub code scanning takes one run
 * per tool and category, the category being the id up to its last `/`) and the image and platform in its
 * properties.
 */
import type { ScanReport } from "../../model/finding.js";
import { formatPlatform } from "../../image/platform.js";
import { reportLabels } from "../multi.js";
import type { MultiReport } from "../types.js";

type Json = Record<string, unknown>;

/** `single`: the log of one report (sarifLog). */
export function sarifMultiLog(multi: MultiReport, single: (report: ScanReport) => Json): Json {
  const labels = reportLabels(multi.reports);
  const logs = multi.reports.map(single);
  const runs = logs.map((log, i) => {
    const run = (log.runs as Json[])[0]!;
    const platform = multi.reports[i]!.artifact.platform;
    const properties = { ...(run.properties as Json), image: labels[i], ...(platform ? { platform: formatPlatform(platform) } : {}) };
    return { automationDetails: { id: `dredge/${labels[i]}/` }, ...run, properties };
  });
  return { ...logs[0], runs };
}
