/**
 * `attachTarget`: analyse a registry image and push its SBOMs (CycloneDX, SPDX) and its vulnerability report
 * (Dredge JSON or SARIF) back to its repository as OCI referrers of the image's manifest. `attachArtifacts`
 * pushes documents a front end already has (the server: from its catalog) the same way.
 */
import { PassThrough } from "node:stream";
import { DredgeError } from "../errors.js";
import { formatPlatform } from "../image/platform.js";
import { parseReference } from "../image/reference.js";
import { RegistryClient, attachReferrer, type AttachedReferrer, type SubjectDescriptor } from "../image/registry/index.js";
import { detectTarget } from "../image/target.js";
import type { Inventory } from "../model/inventory.js";
import type { ScanReport } from "../model/finding.js";
import { cyclonedxSbom } from "../report/cyclonedx/sbom.js";
import { reporterFor } from "../report/registry.js";
import { spdxSbom } from "../report/spdx-json/sbom.js";
import { dredgeTool, version } from "../version.js";
import { openScanDatabase } from "./database.js";
import type { ScanHooks } from "./hooks.js";
import { inventoryTarget, type SbomFormat } from "./inventory-target.js";
import { imageTargetOptions } from "./load.js";
import type { ScanOptions } from "./options.js";
import { Annotations, reportArtifactTypes, sbomArtifactTypes, type AttachReportFormat } from "./referrer-types.js";
import { scanInventory } from "./scan-target.js";

export interface AttachRequest {
  sbom: readonly SbomFormat[];
  report?: AttachReportFormat;
}

export interface AttachedArtifact extends AttachedReferrer {
  /** The image manifest it refers to. */
  subject: string;
  /** `cyclonedx`, `spdx-json`, `report:json`, `report:sarif`. */
  kind: string;
}

/** One document to attach: its kind, bytes and artifact type. */
export interface AttachDocument {
  kind: string;
  artifactType: string;
  bytes: Buffer;
  annotations?: Record<string, string>;
}

/** A registry reference of `target` (`registry:`, `docker://` or a bare reference), else a USAGE error. */
export async function registryReference(target: string, what: string) {
  const spec = await detectTarget(target);
  if (spec.kind !== "registry" || !spec.reference) throw new DredgeError("USAGE", `${what} needs an image in a registry; ${target} is a ${spec.kind}`);
  return parseReference(spec.reference);
}

/** Analyse `target` (a registry image), then attach the requested SBOMs and report to each image manifest analysed. */
export async function attachTarget(target: string, request: AttachRequest, options: ScanOptions, hooks: ScanHooks): Promise<AttachedArtifact[]> {
  if (request.sbom.length === 0 && !request.report) throw new DredgeError("USAGE", "attach: nothing to attach", { hint: "give --sbom and/or --report" });
  const ref = await registryReference(target, "attach");
  const client = new RegistryClient({ ...imageTargetOptions(options, hooks), registry: ref.registry });
  try {
    const signal = hooks.signal ? { signal: hooks.signal } : {};
    const resolved = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? "latest", signal);
    const pinned = `registry:${ref.registry}/${ref.repository}@${resolved.digest}`;
    const inventories = await inventoryTarget(pinned, options, hooks);
    const db = request.report ? await openScanDatabase(options, hooks) : undefined;
    try {
      const out: AttachedArtifact[] = [];
      for (const inv of inventories) {
        const report = db ? await scanInventory(inv, options, hooks, { db, other: { secrets: [], misconfigs: [], licenses: [] }, listPackages: false }) : undefined;
        const docs = await attachDocuments(inv, request, report);
        const subjectDigest = inv.target.manifestDigest ?? resolved.digest;
        const m = subjectDigest === resolved.digest ? resolved : await client.getManifest(ref.repository, subjectDigest, signal);
        const subject = { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
        const platform: Record<string, string> = inv.target.platform ? { [Annotations.platform]: formatPlatform(inv.target.platform) } : {};
        for (const d of docs) out.push(await attachDocument(client, ref.repository, subject, { ...d, annotations: { ...platform, ...d.annotations } }, signal));
      }
      return out;
    } finally {
      db?.close();
    }
  } finally {
    await client.close();
  }
}

/** Push prepared documents as referrers of `subject` with a client the caller owns. */
export async function attachDocument(
  client: RegistryClient,
  repository: string,
  subject: SubjectDescriptor,
  doc: AttachDocument,
  opts: { signal?: AbortSignal } = {},
): Promise<AttachedArtifact> {
  const annotations = { [Annotations.created]: new Date().toISOString(), [Annotations.version]: version(), ...doc.annotations };
  const attached = await attachReferrer(client, repository, subject, { artifactType: doc.artifactType, mediaType: doc.artifactType, bytes: doc.bytes, annotations }, opts);
  return { ...attached, subject: subject.digest, kind: doc.kind };
}

/** The documents of one inventory (and its report) for `request`. */
export async function attachDocuments(inv: Inventory, request: AttachRequest, report: ScanReport | undefined): Promise<AttachDocument[]> {
  const docs: AttachDocument[] = request.sbom.map((format) => ({
    kind: format,
    artifactType: sbomArtifactTypes[format],
    bytes: Buffer.from(JSON.stringify(format === "cyclonedx" ? cyclonedxSbom(inv, dredgeTool()) : spdxSbom(inv, dredgeTool()))),
  }));
  if (request.report && report) docs.push(await reportDocument(report, request.report));
  return docs;
}

/** A vulnerability report rendered for attaching, with the database it was matched against. */
export async function reportDocument(report: ScanReport, format: AttachReportFormat): Promise<AttachDocument> {
  const annotations: Record<string, string> = report.database
    ? { [Annotations.dbBuilt]: report.database.builtAt, [Annotations.dbSchema]: String(report.database.schemaVersion) }
    : {};
  return { kind: `report:${format}`, artifactType: reportArtifactTypes[format], bytes: await render(report, format), annotations };
}

async function render(report: ScanReport, format: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer | string) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
  await reporterFor(format).write(report, out, { color: false });
  out.end();
  return Buffer.concat(chunks);
}
