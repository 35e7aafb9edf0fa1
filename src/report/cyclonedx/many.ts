/**
 * CycloneDX for several images (docs/reports.md, "Several images"): ONE BOM whose root (metadata.component)
 * stands for the set (the index, or the list of images) and depends on one `container` component per image,
 * each with a `dredge:platform` property and depending on its own OS and packages as in its single-image BOM.
 * Every bom-ref of an image's BOM is qualified by the image's label (`NAME (os/arch)|ref`), so the same purl
 * in two images stays two components; a vulnerability found in several images is one entry affecting each.
 * Used by the scan report (with vulnerabilities) and by `dredge sbom`.
 */
import { GAP_PROPERTY, INCOMPLETE_PROPERTY } from "../common/incomplete.js";
import { PROPERTY_PREFIX } from "../common/sbom-properties.js";
import { formatPlatform } from "../../image/platform.js";
import { imageLabels, setName, type ImageName } from "../multi.js";

type Json = Record<string, unknown>;

export const PLATFORM_PROPERTY = `${PROPERTY_PREFIX}platform`;

/** The root of a multi-image BOM (no image's ref has this form: theirs all hold a `|`). */
export const SET_REF = "dredge:images";

export interface BomPart {
  image: ImageName;
  /** The image's own BOM (cyclonedxReport or cyclonedxSbom). */
  bom: Json;
}

export function mergeBoms(parts: readonly BomPart[]): Json {
  const labels = imageLabels(parts.map((p) => p.image));
  const images: string[] = [];
  const components: Json[] = [];
  const dependencies: Json[] = [{ ref: SET_REF, dependsOn: images }];
  const vulnerabilities = new Map<string, Json>();
  const gaps: Json[] = [];
  parts.forEach(({ image, bom }, i) => {
    const ref = (r: unknown) => `${labels[i]}|${String(r)}`;
    const metadata = bom.metadata as Json;
    const root = imageComponent(metadata.component as Json, ref, image);
    images.push(root["bom-ref"] as string);
    components.push(root);
    for (const c of list(bom.components)) components.push({ ...c, "bom-ref": ref(c["bom-ref"]) });
    for (const d of list(bom.dependencies)) dependencies.push({ ref: ref(d.ref), dependsOn: (d.dependsOn as unknown[]).map(ref) });
    for (const v of list(bom.vulnerabilities)) addVulnerability(vulnerabilities, qualifyVulnerability(v, ref));
    for (const p of list(metadata.properties)) if (p.name === GAP_PROPERTY) gaps.push({ name: GAP_PROPERTY, value: `${labels[i]}: ${String(p.value)}` });
  });
  const first = parts[0]!.bom;
  const { properties: _own, ...metadata } = first.metadata as Json;
  return {
    ...first,
    metadata: {
      ...metadata,
      component: { "bom-ref": SET_REF, type: "container", name: setName(parts.map((p) => p.image)) },
      ...(gaps.length ? { properties: [{ name: INCOMPLETE_PROPERTY, value: "true" }, ...gaps] } : {}),
    },
    components,
    dependencies,
    ...(parts.some((p) => p.bom.vulnerabilities) ? { vulnerabilities: [...vulnerabilities.values()] } : {}),
  };
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

function imageComponent(root: Json, ref: (r: unknown) => string, image: ImageName): Json {
  const properties = list(root.properties).slice();
  if (image.platform) properties.push({ name: PLATFORM_PROPERTY, value: formatPlatform(image.platform) });
  return { ...root, "bom-ref": ref(root["bom-ref"]), ...(properties.length ? { properties } : {}) };
}

function qualifyVulnerability(v: Json, ref: (r: unknown) => string): Json {
  const affects = list(v.affects).map((a) => ({ ...a, ref: ref(a.ref) }));
  return { ...v, ...(v["bom-ref"] !== undefined ? { "bom-ref": ref(v["bom-ref"]) } : {}), affects };
}

/** Entries equal but for their refs (the same advisory in several images) become one, affecting each image's component. */
function addVulnerability(byContent: Map<string, Json>, v: Json): void {
  const key = JSON.stringify({ ...v, "bom-ref": undefined, affects: undefined });
  const known = byContent.get(key);
  if (!known) {
    byContent.set(key, v);
    return;
  }
  for (const a of list(v.affects)) (known.affects as Json[]).push(a);
}
