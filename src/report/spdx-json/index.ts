/**
 * SPDX 2.3 JSON of the whole image (every listed package; without a listing, the packages with findings),
 * vulnerabilities as SECURITY/advisory externalRefs and REVIEW annotations.
 */
import { randomUUID } from "node:crypto";
import type { ScanReport } from "../../model/finding.js";
import type { Reporter } from "../types.js";
import { jsonText, writeText } from "../common/write.js";
import { spdxIncompleteFields } from "../common/incomplete.js";
import { packageListing } from "../common/packages.js";
import { annotation, collectPackages, spdxId, spdxPackage } from "./packages.js";
import { mergeSpdx } from "./many.js";

type Json = Record<string, unknown>;

export function spdxReport(report: ScanReport, now: Date = new Date(), showSuppressed = true, uuid: string = randomUUID()): Json {
  const created = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const annotator = `Tool: ${report.tool.name}-${report.tool.version}`;
  const a = report.artifact;
  const rootId = "SPDXRef-Image";
  const root: Json = {
    SPDXID: rootId, name: a.name, ...(a.imageId ? { versionInfo: a.imageId } : {}), downloadLocation: "NOASSERTION",
    filesAnalyzed: false, primaryPackagePurpose: "CONTAINER",
  };
  const packages: Json[] = [root];
  const relationships: Json[] = [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: rootId }];
  const osId = a.os ? spdxId("OperatingSystem", `${a.os.family}@${a.os.name}`) : undefined;
  if (a.os && osId) {
    packages.push({ SPDXID: osId, name: a.os.family, versionInfo: a.os.name, downloadLocation: "NOASSERTION", filesAnalyzed: false, primaryPackagePurpose: "OPERATING_SYSTEM" });
    relationships.push({ spdxElementId: rootId, relationshipType: "CONTAINS", relatedSpdxElement: osId });
  }
  const extracted = new Map<string, string>();
  const listing = packageListing(report);
  for (const e of collectPackages(report, showSuppressed, listing).values()) {
    const pkg = spdxPackage(e, extracted);
    if (e.vulns.length) pkg.annotations = e.vulns.map((v) => annotation(v, created, annotator));
    packages.push(pkg);
    // As `dredge sbom`: with a listing, OS packages are contained by the OS.
    const parent = listing && osId && e.pkg.class === "os" ? osId : rootId;
    relationships.push({ spdxElementId: parent, relationshipType: "CONTAINS", relatedSpdxElement: pkg.SPDXID });
  }
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: a.name,
    documentNamespace: `https://spdx.org/spdxdocs/${report.tool.name}-${encodeURIComponent(a.name)}-${uuid}`,
    creationInfo: { created, creators: [annotator], licenseListVersion: "3.25" },
    documentDescribes: [rootId],
    ...spdxIncompleteFields(report.incompleteReasons, created, annotator),
    packages,
    relationships,
    ...(extracted.size ? { hasExtractedLicensingInfos: [...extracted].map(([licenseId, name]) => ({ licenseId, name, extractedText: name })) } : {}),
  };
}

export const spdxJsonReporter: Reporter = {
  format: "spdx-json",
  mediaType: "application/spdx+json",
  fileExtension: ".spdx.json",
  packageListing: "always",
  write: (report, out, options) => writeText(out, jsonText(spdxReport(report, options.now, options.showSuppressed ?? true))),
  writeMany: (multi, out, options) =>
    writeText(out, jsonText(mergeSpdx(multi.reports.map((r) => ({ image: r.artifact, doc: spdxReport(r, options.now, options.showSuppressed ?? true) }))))),
};
