/**
 * SPDX 2.3 for several images (docs/reports.md, "Several images"): ONE document describing each image (its
 * package holds `dredge:platform=os/arch` in its comment), with each image's packages and relationships as in
 * its single-image document. Every SPDX id of an image's document is qualified by its label
 * (`SPDXRef-<label>-Package-…`), so the same package in two images stays two packages. Used by the scan
 * report (with advisories) and by `dredge sbom`.
 */
import { randomUUID } from "node:crypto";
import { GAP_PROPERTY } from "../common/incomplete.js";
import { PROPERTY_PREFIX } from "../common/sbom-properties.js";
import { formatPlatform } from "../../image/platform.js";
import { imageLabels, setName, type ImageName } from "../multi.js";

type Json = Record<string, unknown>;

export interface SpdxPart {
  image: ImageName;
  /** The image's own document (spdxReport or spdxSbom). */
  doc: Json;
}

const DOCUMENT = "SPDXRef-DOCUMENT";

export function mergeSpdx(parts: readonly SpdxPart[]): Json {
  const labels = imageLabels(parts.map((p) => p.image));
  const slugs = uniqueSlugs(labels);
  const out = { describes: [] as string[], packages: [] as Json[], relationships: [] as Json[], annotations: [] as Json[], comments: [] as string[] };
  const extracted = new Map<string, Json>();
  parts.forEach(({ image, doc }, i) => {
    const id = (x: unknown) => qualifiedId(String(x), slugs[i]!);
    const roots = describedBy(doc);
    for (const r of roots) out.describes.push(id(r));
    for (const p of list(doc.packages)) out.packages.push(roots.includes(String(p.SPDXID)) ? imagePackage(p, id, image) : { ...p, SPDXID: id(p.SPDXID) });
    for (const r of list(doc.relationships)) out.relationships.push({ ...r, spdxElementId: id(r.spdxElementId), relatedSpdxElement: id(r.relatedSpdxElement) });
    for (const a of list(doc.annotations)) out.annotations.push({ ...a, comment: labelled(String(a.comment), labels[i]!) });
    if (typeof doc.comment === "string") out.comments.push(`${labels[i]}: ${doc.comment}`);
    for (const e of list(doc.hasExtractedLicensingInfos)) if (!extracted.has(String(e.licenseId))) extracted.set(String(e.licenseId), e);
  });
  const first = parts[0]!.doc;
  const name = setName(parts.map((p) => p.image));
  return {
    spdxVersion: first.spdxVersion,
    dataLicense: first.dataLicense,
    SPDXID: DOCUMENT,
    name,
    documentNamespace: namespace(String(first.documentNamespace), name),
    creationInfo: first.creationInfo,
    documentDescribes: out.describes,
    ...(out.comments.length ? { comment: out.comments.join("\n") } : {}),
    ...(out.annotations.length ? { annotations: out.annotations } : {}),
    packages: out.packages,
    relationships: out.relationships,
    ...(extracted.size ? { hasExtractedLicensingInfos: [...extracted.values()] } : {}),
  };
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** What the document describes: `documentDescribes`, or its DESCRIBES relationships. */
function describedBy(doc: Json): string[] {
  const listed = Array.isArray(doc.documentDescribes) ? (doc.documentDescribes as string[]) : [];
  const related = list(doc.relationships).filter((r) => r.spdxElementId === DOCUMENT && r.relationshipType === "DESCRIBES").map((r) => String(r.relatedSpdxElement));
  return [...new Set(listed.concat(related))];
}

/** An element of the image's document, qualified; the document itself and non-ids (NOASSERTION, NONE) stay. */
function qualifiedId(id: string, slug: string): string {
  return id.startsWith("SPDXRef-") && id !== DOCUMENT ? `SPDXRef-${slug}-${id.slice("SPDXRef-".length)}` : id;
}

function imagePackage(p: Json, id: (x: unknown) => string, image: ImageName): Json {
  const platform = image.platform ? `${PROPERTY_PREFIX}platform=${formatPlatform(image.platform)}` : undefined;
  const comment = [p.comment, platform].filter((x): x is string => typeof x === "string").join("\n");
  return { ...p, SPDXID: id(p.SPDXID), ...(comment ? { comment } : {}) };
}

/** `dredge:inventory:gap: LABEL: message`; other comments `LABEL: comment`. */
function labelled(comment: string, label: string): string {
  const gap = `${GAP_PROPERTY}: `;
  return comment.startsWith(gap) ? `${gap}${label}: ${comment.slice(gap.length)}` : `${label}: ${comment}`;
}

/** SPDX ids allow letters, digits, `.` and `-`: each label reduced to those, made unique. */
function uniqueSlugs(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    const base = label.replace(/[^A-Za-z0-9.]+/g, "-").replace(/^-+|-+$/g, "") || "image";
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return slug;
  });
}

/** The first document's namespace base with the set's name and a new UUID (a namespace names one document). */
function namespace(first: string, name: string): string {
  return `${first.slice(0, first.lastIndexOf("/") + 1)}${encodeURIComponent(name)}-${randomUUID()}`;
}
