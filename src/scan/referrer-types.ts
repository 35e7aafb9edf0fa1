/**
 * What Dredge attaches to an image as OCI referrers (`dredge attach`, the server's per-registry option) and
 * looks for (`--sbom-source referrers`): the artifact types, and the annotations every artifact carries.
 */
import type { SbomFormat } from "./inventory-target.js";

/** The vulnerability report formats that can be attached. */
export const attachReportFormats = ["json", "sarif"] as const;
export type AttachReportFormat = (typeof attachReportFormats)[number];

/** artifactType (and layer media type) per SBOM format. */
export const sbomArtifactTypes: Readonly<Record<SbomFormat, string>> = {
  cyclonedx: "application/vnd.cyclonedx+json",
  "spdx-json": "application/spdx+json",
};

/** artifactType per report format: Dredge's JSON report, or SARIF 2.1.0. */
export const reportArtifactTypes: Readonly<Record<AttachReportFormat, string>> = {
  json: "application/vnd.dredge.vulnerability-report.v1+json",
  sarif: "application/sarif+json",
};

/** Annotation keys (besides the OCI `org.opencontainers.image.created`). */
export const Annotations = {
  created: "org.opencontainers.image.created",
  version: "dev.dredge.version",
  dbBuilt: "dev.dredge.db.built",
  dbSchema: "dev.dredge.db.schema-version",
  platform: "dev.dredge.platform",
} as const;

/** SBOM artifact types in the order discovery prefers them. */
export const sbomDiscoveryTypes: readonly string[] = [sbomArtifactTypes.cyclonedx, sbomArtifactTypes["spdx-json"]];
