/** The jobs that describe a target without matching it: its inventories, its SBOM, what its image is made of. */
import { inspectReport, type InspectReport } from "../artifact/inspect-report.js";
import { withEndOfLife } from "../inventory/eol.js";
import type { Inventory } from "../model/inventory.js";
import { mergeBoms } from "../report/cyclonedx/many.js";
import { cyclonedxSbom, cyclonedxSbomStream } from "../report/cyclonedx/sbom.js";
import { imageLabels } from "../report/multi.js";
import { mergeSpdx } from "../report/spdx-json/many.js";
import { spdxSbom } from "../report/spdx-json/sbom.js";
import { parseSbom } from "../sbom-input/index.js";
import { dredgeTool } from "../version.js";
import type { ScanHooks } from "./hooks.js";
import { loadImages, loadInventories, type ImageReadOptions } from "./load.js";
import type { ScanOptions } from "./options.js";
import { pathSkipper } from "./skip.js";

export type InventoryOptions = ImageReadOptions & Pick<ScanOptions, "skipDirs" | "skipFiles">;

/** Each image's inventory (one per platform with --platform all): OS, packages with their layers, warnings. */
export async function inventoryTarget(target: string, options: InventoryOptions, hooks: ScanHooks): Promise<Inventory[]> {
  const skip = pathSkipper(options.skipDirs, options.skipFiles);
  return loadInventories(target, options, hooks, skip);
}

/**
 * The inventory of an SBOM document held in memory (an upload): CycloneDX or SPDX JSON, SPDX tag-value or an
 * in-toto attestation, as an SBOM file target is read. `name` stands for the document in messages. The
 * inventory is `unverified`: nothing in it was checked against image bytes.
 */
export async function inventorySbomDocument(document: Buffer, name: string, hooks: Pick<ScanHooks, "logger" | "signal">): Promise<Inventory> {
  return withEndOfLife(await parseSbom(document, name, hooks.logger, hooks.signal));
}

export const sbomFormats = ["cyclonedx", "spdx-json"] as const;
export type SbomFormat = (typeof sbomFormats)[number];

export interface SbomResult {
  /**
   * The JSON document: plain data. With `stream` (what `dredge sbom` asks for), its big arrays may be
   * LazyJsonArrays, made while written (a CycloneDX SBOM of one image): write it with JSON.stringify or
   * jsonChunks (report/common/write.ts).
   */
  document: object;
  /** The inventory's warnings. */
  warnings: string[];
  /** Gaps of the inventory (packages may be missing), also written into the SBOM. */
  incomplete: Inventory["incomplete"];
}

/**
 * A CycloneDX 1.6 or SPDX 2.3 SBOM of one image or directory; of every image of an index (`--platform all`) as
 * one document holding each (docs/reports.md, "Several images").
 */
export async function sbomTarget(target: string, format: SbomFormat, options: InventoryOptions, hooks: ScanHooks, stream = false): Promise<SbomResult> {
  const inventories = await inventoryTarget(target, options, hooks);
  const many = inventories.length > 1;
  const labels = imageLabels(inventories.map((inv) => inv.target));
  const prefix = (i: number) => (many ? `${labels[i]}: ` : "");
  const warnings = inventories.flatMap((inv, i) => inv.warnings.map((w) => prefix(i) + w));
  const gaps = inventories.flatMap((inv, i) => (inv.incomplete ?? []).map((g) => ({ ...g, message: prefix(i) + g.message })));
  const incomplete = gaps.length ? gaps : undefined;
  if (format === "cyclonedx") {
    // One image, streamed: its components are made while the document is written (see SbomResult.document).
    if (!many) return { document: (stream ? cyclonedxSbomStream : cyclonedxSbom)(inventories[0]!, dredgeTool()), warnings, incomplete };
    const boms = inventories.map((inv) => ({ image: inv.target, bom: cyclonedxSbom(inv, dredgeTool()) }));
    return { document: mergeBoms(boms), warnings, incomplete };
  }
  const docs = inventories.map((inv) => ({ image: inv.target, doc: spdxSbom(inv, dredgeTool()) }));
  return { document: many ? mergeSpdx(docs) : docs[0]!.doc, warnings, incomplete };
}

/** `dredge inspect`: reference, digests, platform, layers with their instructions, config, file counts. */
export async function inspectTarget(target: string, options: ImageReadOptions, hooks: ScanHooks): Promise<InspectReport> {
  return inspectReport(await loadImages(target, options, hooks, []));
}
