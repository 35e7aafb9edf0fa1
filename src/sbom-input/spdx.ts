/** SPDX 2.2/2.3 JSON → Inventory. */
import { DredgeError } from "../errors.js";
import type { Inventory } from "../model/inventory.js";
import type { OSInfo, Package } from "../model/package.js";
import { applySpdxDependencies } from "./deps.js";
import { PackageCollector } from "./build.js";
import { label, warn, type ReadContext } from "./context.js";
import { LayerTable } from "./layers.js";
import { osInfo } from "./os.js";
import { toProps } from "./properties.js";
import { packageType, parsePurl } from "./purl-package.js";
import {
  spdxDocumentSchema, spdxExtractedSchema, spdxPackageSchema, spdxPurls, spdxRelationshipSchema, type SpdxPackage,
} from "./schema.js";
import { sourceInfoProperties, spdxLicenses, spdxProperties, spdxSupplier } from "./spdx-fields.js";
import { buildTarget } from "./target.js";
import { safeParse } from "../util/schema.js";

export const MAX_PACKAGES = 2_000_000;

export async function readSpdx(doc: unknown, ctx: ReadContext): Promise<Inventory> {
  const parsed = safeParse(spdxDocumentSchema, doc);
  if (!parsed.success) {
    throw new DredgeError("PARSE_ERROR", `${ctx.file} is not a valid SPDX 2.x JSON document: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  const d = parsed.data;
  if (d.packages.length > MAX_PACKAGES) throw new DredgeError("LIMIT_EXCEEDED", `${ctx.file} has more than ${MAX_PACKAGES} packages`);
  const packages: SpdxPackage[] = [];
  for (const [i, raw] of d.packages.entries()) {
    await ctx.checkpoint.tick();
    const r = safeParse(spdxPackageSchema, raw);
    if (r.success) packages.push(r.data);
    else warn(ctx, `package ${label(raw, i)} is malformed (${r.error.issues[0]?.message ?? "invalid"}), skipped`);
  }
  const rootIds = await describedIds(d.documentDescribes ?? [], d.relationships, ctx);
  const root = packages.find((p) => rootIds.has(p.SPDXID));
  const layers = new LayerTable();
  const target = buildTarget(
    { name: root?.name ?? d.name ?? "", version: root?.versionInfo, purl: root ? spdxPurls(root.externalRefs)[0] : undefined, props: toProps(root ? spdxProperties(root) : []) },
    ctx.file,
    layers,
  );
  const extracted = extractedNames(d.hasExtractedLicensingInfos ?? []);
  const collector = new PackageCollector(ctx, layers, isImage(root));
  let os: OSInfo | undefined;
  const byId = new Map<string, Package>();
  for (const [i, p] of packages.entries()) {
    await ctx.checkpoint.tick();
    if (p === root) continue;
    if (p.primaryPackagePurpose === "OPERATING-SYSTEM" || p.SPDXID.startsWith("SPDXRef-OperatingSystem")) {
      os ??= osInfo(p.name, p.versionInfo);
      continue;
    }
    const purl = spdxPurls(p.externalRefs)[0];
    const type = purl ? packageType(parsePurl(purl)?.purl.type ?? "") : undefined;
    const pkg = collector.add({
      label: label(p, i),
      purl,
      version: p.versionInfo,
      licenses: spdxLicenses(p, extracted),
      supplier: spdxSupplier(p.supplier),
      props: toProps([...sourceInfoProperties(p.sourceInfo, type), ...spdxProperties(p)]),
    });
    if (pkg) byId.set(p.SPDXID, pkg);
  }
  await applySpdxDependencies(d.relationships, byId, ctx);
  collector.finish();
  return { target, os: os ?? collector.osFromPurls, packages: collector.packages, layers: layers.layers, warnings: ctx.warnings };
}

async function describedIds(documentDescribes: readonly string[], relationships: readonly unknown[], ctx: ReadContext): Promise<Set<string>> {
  const ids = new Set(documentDescribes);
  for (const raw of relationships) {
    await ctx.checkpoint.tick();
    const r = safeParse(spdxRelationshipSchema, raw);
    if (!r.success) continue;
    const { spdxElementId, relationshipType, relatedSpdxElement } = r.data;
    if (spdxElementId === "SPDXRef-DOCUMENT" && relationshipType === "DESCRIBES") ids.add(relatedSpdxElement);
    if (relatedSpdxElement === "SPDXRef-DOCUMENT" && relationshipType === "DESCRIBED_BY") ids.add(spdxElementId);
  }
  return ids;
}

function extractedNames(list: readonly unknown[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const raw of list) {
    const r = safeParse(spdxExtractedSchema, raw);
    const name = r.success ? (r.data.name ?? r.data.extractedText) : undefined;
    if (r.success && name) m.set(r.data.licenseId, name);
  }
  return m;
}

function isImage(root: SpdxPackage | undefined): boolean {
  return root?.primaryPackagePurpose === "CONTAINER" || (root?.SPDXID.startsWith("SPDXRef-ContainerImage") ?? false);
}
