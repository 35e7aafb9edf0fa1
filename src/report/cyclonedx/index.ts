/** CycloneDX 1.6 JSON with vulnerabilities: a VDR/VEX-capable BOM of the whole image (or of the affected packages without a listing). */
import { randomUUID } from "node:crypto";
import type { ScanReport } from "../../model/finding.js";
import type { Reporter } from "../types.js";
import { cdxCoverageProperties } from "../common/coverage.js";
import { cdxIncompleteProperties } from "../common/incomplete.js";
import { jsonText, writeText } from "../common/write.js";
import { rootComponent } from "./components.js";
import { componentGraph } from "./graph.js";
import { mergeBoms } from "./many.js";
import { cdxVulnerabilities } from "./vulnerabilities.js";

type Json = Record<string, unknown>;

export function cyclonedxReport(report: ScanReport, now: Date = new Date(), serial: string = randomUUID()): Json {
  const root = rootComponent(report);
  const { components, dependencies, refOf } = componentGraph(report, root["bom-ref"] as string);
  const properties = cdxIncompleteProperties(report.incompleteReasons).concat(cdxCoverageProperties(report.coverage));
  return {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:${serial}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
      tools: { components: [{ type: "application", group: "dredge", name: report.tool.name, version: report.tool.version }] },
      component: root,
      ...(properties.length ? { properties } : {}),
    },
    components,
    dependencies,
    vulnerabilities: cdxVulnerabilities(report.targets.flatMap((t) => t.vulnerabilities), refOf),
  };
}

export const cyclonedxReporter: Reporter = {
  format: "cyclonedx",
  mediaType: "application/vnd.cyclonedx+json; version=1.6",
  fileExtension: ".cdx.json",
  packageListing: "always",
  write: (report, out, options) => writeText(out, jsonText(cyclonedxReport(report, options.now))),
  writeMany: (multi, out, options) =>
    writeText(out, jsonText(mergeBoms(multi.reports.map((r) => ({ image: r.artifact, bom: cyclonedxReport(r, options.now) }))))),
};
