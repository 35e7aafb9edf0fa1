/**
 * Harbor's reports precomputed and served from the catalog (`image_reports`, migration 10). Harbor's client
 * gives up after 5 s, body included, so a report request must not parse a large inventory, match it and
 * serialise thousands of packages. The parts of a report that depend on the image only — the vulnerability
 * list with its top severity (per database version), and the SPDX and CycloneDX documents (per Dredge version)
 * — are written once when the image is indexed after its scan, for the inventory stored then; a read wraps the
 * stored JSON text in the request's envelope (artifact, time) without parsing it. A stored part of another
 * database or Dredge version, or of an older inventory, is never served: the read computes it (the vulnerability
 * list from the image's stored match) and stores it; the background warmer (src/server/warm.ts) refreshes the parts Harbor has asked for
 * after a database change, so their reads stay one row.
 */
import type { Inventory } from "../../model/inventory.js";
import { cyclonedxSbom } from "../../report/cyclonedx/sbom.js";
import { spdxSbom } from "../../report/spdx-json/sbom.js";
import { dredgeTool, version as dredgeVersion } from "../../version.js";
import { whileInventoryIs } from "../catalog/catalog.js";
import { one, type SqlDatabase } from "../db/sql.js";
import type { FindingsService } from "../findings.js";
import type { StoredMatch } from "../fleet/matches.js";
import { storedReport, type StoredReportDeps } from "../fleet/stored-report.js";
import { harborVulnerabilityParts, scanner, type HarborArtifact, type SbomMediaType } from "./report.js";

export type StoredKind = "harbor-vulnerabilities" | "sbom-spdx" | "sbom-cyclonedx";

export const sbomKind = (mediaType: SbomMediaType): StoredKind => (mediaType === "application/spdx+json" ? "sbom-spdx" : "sbom-cyclonedx");

/** The version a stored part is valid for: the database version for findings, Dredge's for SBOMs. */
export const versionFor = (kind: StoredKind, findings: Pick<FindingsService, "version">): string =>
  kind === "harbor-vulnerabilities" ? findings.version() : `dredge ${dredgeVersion()}`;

/** The stored part for the image's current inventory and `version`, as JSON text. */
export async function readStored(db: SqlDatabase, digest: string, kind: StoredKind, version: string): Promise<string | undefined> {
  const row = await one<{ body: string }>(
    db,
    `SELECT r.body FROM image_reports r JOIN inventories v ON v.digest = r.digest AND v.created_at = r.inventory_at
     WHERE r.digest = ? AND r.kind = ? AND r.version = ?`,
    [digest, kind, version],
  );
  return row?.body;
}

/** Stores a part, unless the image's inventory changed since `inventoryAt` (or the image is gone). */
export function writeStored(db: SqlDatabase, digest: string, kind: StoredKind, version: string, inventoryAt: number, body: string): Promise<boolean> {
  return whileInventoryIs(db, digest, inventoryAt, async (q) => {
    await q.run("DELETE FROM image_reports WHERE digest = ? AND kind = ?", [digest, kind]);
    await q.run("INSERT INTO image_reports (digest, kind, version, inventory_at, body, created_at) VALUES (?, ?, ?, ?, ?, ?)", [digest, kind, version, inventoryAt, body, Date.now()]);
  });
}

/** Computes one part from the inventory (and the findings, for the vulnerability list). */
export async function computePart(kind: StoredKind, digest: string, inventory: Inventory, inventoryAt: number, findings: Pick<FindingsService, "report">): Promise<string> {
  if (kind !== "harbor-vulnerabilities") return sbomPart(kind, inventory);
  const report = await findings.report({ digest, storedAt: inventoryAt }, inventory, {}, false);
  return JSON.stringify(harborVulnerabilityParts(report));
}

const sbomPart = (kind: Exclude<StoredKind, "harbor-vulnerabilities">, inventory: Inventory): string =>
  JSON.stringify(kind === "sbom-spdx" ? spdxSbom(inventory, dredgeTool()) : cyclonedxSbom(inventory, dredgeTool()));

/**
 * The stored part of the image for the versions in use; on a miss computed and stored: the vulnerability list from
 * the image's stored match (src/server/fleet/stored-report.ts: no inventory parsed when the match is stored), an SBOM
 * from the inventory. Undefined when the catalog has no inventory of the image.
 */
export async function partOf(deps: StoredReportDeps, digest: string, kind: StoredKind): Promise<string | undefined> {
  const version = versionFor(kind, deps.findings);
  const hit = await readStored(deps.db, digest, kind, version);
  if (hit !== undefined) return hit;
  let computed: { storedAt: number; part: string } | undefined;
  if (kind === "harbor-vulnerabilities") {
    const built = await storedReport(deps, digest, {}, { listPackages: false });
    computed = built && { storedAt: built.storedAt, part: JSON.stringify(harborVulnerabilityParts(built.report)) };
  } else {
    const stored = await deps.catalog.getStoredInventory(digest);
    computed = stored && { storedAt: stored.storedAt, part: sbomPart(kind, stored.inventory) };
  }
  if (!computed) return undefined;
  await writeStored(deps.db, digest, kind, version, computed.storedAt, computed.part);
  return computed.part;
}

const kinds: readonly StoredKind[] = ["harbor-vulnerabilities", "sbom-spdx", "sbom-cyclonedx"];

/**
 * At the end of a scan (the image indexed for its new inventory): each part not stored yet for this inventory.
 * `indexed`: the match the indexer just computed, so the vulnerability list is built from it (nothing matched
 * again). A part stored for this inventory under an older database is left alone here: the background warmer
 * (src/server/warm.ts) refreshes those after a database change.
 */
export async function precomputeReports(
  db: SqlDatabase, findings: Pick<FindingsService, "report" | "reportStored" | "version">, digest: string, inventory: Inventory, inventoryAt: number,
  indexed?: { version: string; match: StoredMatch },
): Promise<void> {
  for (const kind of kinds) {
    const has = await one(db, "SELECT 1 AS x FROM image_reports WHERE digest = ? AND kind = ? AND inventory_at = ?", [digest, kind, inventoryAt]);
    if (has) continue;
    if (kind === "harbor-vulnerabilities" && indexed) {
      const report = await findings.reportStored({ digest, storedAt: inventoryAt }, indexed.version, indexed.match, {}, false);
      await writeStored(db, digest, kind, indexed.version, inventoryAt, JSON.stringify(harborVulnerabilityParts(report)));
    } else await writeStored(db, digest, kind, versionFor(kind, findings), inventoryAt, await computePart(kind, digest, inventory, inventoryAt, findings));
  }
}

/** The report body: the envelope of this request around the stored part's text. */
export function wrapVulnerabilities(part: string, artifact: HarborArtifact): string {
  return `{"generated_at":${JSON.stringify(new Date().toISOString())},"artifact":${JSON.stringify(artifact)},"scanner":${JSON.stringify(scanner())},${part.slice(1)}`;
}

export function wrapSbom(part: string, artifact: HarborArtifact, mediaType: SbomMediaType): string {
  const head = `{"generated_at":${JSON.stringify(new Date().toISOString())},"artifact":${JSON.stringify(artifact)},"scanner":${JSON.stringify(scanner())}`;
  return `${head},"media_type":${JSON.stringify(mediaType)},"sbom":${part},"vendor_attributes":{}}`;
}
