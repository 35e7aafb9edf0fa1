/**
 * zod schemas for the parts of CycloneDX (1.2–1.7) and SPDX 2.2/2.3 JSON that Dredge reads. Lenient on purpose:
 * unknown fields are dropped, optional fields may be missing, and lists of components/packages are validated
 * one element at a time (a bad element is skipped with a warning, not the whole SBOM).
 */
import { z } from "zod";
import { safeParse } from "../util/schema.js";

const str = z.string();
const optStr = z.string().optional().catch(undefined);

export const propertySchema = z.object({ name: str, value: z.union([str, z.number(), z.boolean()]).transform(String).optional() });
/** Properties: bad entries dropped one by one. */
const properties = z
  .array(z.unknown())
  .catch([])
  .transform((list) => list.flatMap((p) => {
    const r = safeParse(propertySchema, p);
    return r.success && r.data.value !== undefined ? [{ name: r.data.name, value: r.data.value }] : [];
  }));

const cdxLicenseChoice = z.object({
  license: z.object({ id: optStr, name: optStr }).optional().catch(undefined),
  expression: optStr,
});

export const cdxComponentSchema = z.object({
  "bom-ref": optStr,
  type: z.string().catch("library"),
  group: optStr,
  name: z.string().default(""),
  version: optStr,
  purl: optStr,
  licenses: z.array(z.unknown()).catch([]).optional(),
  properties: properties.optional(),
  description: optStr,
  supplier: z.object({ name: optStr }).optional().catch(undefined),
  components: z.array(z.unknown()).catch([]).optional(),
});
export type CdxComponent = z.infer<typeof cdxComponentSchema>;

export function cdxLicenses(list: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of list ?? []) {
    const r = safeParse(cdxLicenseChoice, raw);
    if (!r.success) continue;
    const v = r.data.expression ?? r.data.license?.id ?? r.data.license?.name;
    if (v && !["", "NOASSERTION", "NONE"].includes(v.trim())) out.push(v.trim());
  }
  return out;
}

export const cdxDocumentSchema = z.object({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.string().catch("unknown"),
  metadata: z
    .object({ component: z.unknown().optional() })
    .optional()
    .catch(undefined),
  components: z.array(z.unknown()).catch([]).default([]),
  dependencies: z.array(z.unknown()).catch([]).default([]),
});

const externalRef = z.object({ referenceCategory: optStr, referenceType: str, referenceLocator: str });

export const spdxPackageSchema = z.object({
  SPDXID: str,
  name: z.string().default(""),
  versionInfo: optStr,
  primaryPackagePurpose: optStr,
  licenseDeclared: optStr,
  licenseConcluded: optStr,
  sourceInfo: optStr,
  comment: optStr,
  supplier: optStr,
  attributionTexts: z.array(z.unknown()).catch([]).optional(),
  externalRefs: z.array(z.unknown()).catch([]).optional(),
});
export type SpdxPackage = z.infer<typeof spdxPackageSchema>;

export function spdxPurls(list: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of list ?? []) {
    const r = safeParse(externalRef, raw);
    if (r.success && r.data.referenceType.toLowerCase() === "purl") out.push(r.data.referenceLocator);
  }
  return out;
}

export const spdxDocumentSchema = z.object({
  spdxVersion: z.string().regex(/^SPDX-2\.\d+$/),
  name: optStr,
  documentDescribes: z.array(z.string()).catch([]).optional(),
  packages: z.array(z.unknown()).catch([]).default([]),
  relationships: z.array(z.unknown()).catch([]).default([]),
  hasExtractedLicensingInfos: z.array(z.unknown()).catch([]).optional(),
});

export const spdxRelationshipSchema = z.object({ spdxElementId: str, relationshipType: str, relatedSpdxElement: str });
export const spdxExtractedSchema = z.object({ licenseId: str, name: optStr, extractedText: optStr });
