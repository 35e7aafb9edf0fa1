/** CycloneDX 1.6 JSON with vulnerabilities (a VDR/VEX-capable BOM of the affected packages). */
import { randomUUID } from "node:crypto";
import type { ScanReport } from "../../model/finding.js";
import type { Reporter } from "../types.js";
import { jsonText, writeText } from "../common/write.js";
import { osComponent, packageComponents, rootComponent } from "./components.js";
import { cdxVulnerabilities } from "./vulnerabilities.js";

type Json = Record<string, unknown>;

export function cyclonedxReport(report: ScanReport, now: Date = new Date(), serial: string = randomUUID()): Json {
  const root = rootComponent(report);
  const os = osComponent(report);
  const packages = packageComponents(report);
  const components = [...(os ? [os] : []), ...packages];
  const refs = components.map((c) => c["bom-ref"] as string);
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
    },
    components,
    dependencies: [{ ref: root["bom-ref"], dependsOn: refs }, ...refs.map((ref) => ({ ref, dependsOn: [] }))],
    vulnerabilities: cdxVulnerabilities(report.targets.flatMap((t) => t.vulnerabilities)),
  };
}

export const cyclonedxReporter: Reporter = {
  format: "cyclonedx",
  mediaType: "application/vnd.cyclonedx+json; version=1.6",
  fileExtension: ".cdx.json",
  write: (report, out, options) => writeText(out, jsonText(cyclonedxReport(report, options.now))),
};
