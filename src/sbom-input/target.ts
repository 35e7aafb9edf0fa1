/**
 * The scanned thing an SBOM describes → InventoryTarget (`source: "sbom"`) and its layer list. Reads the pkg:oci
 * purl (digest, repository_url, tag, arch), Trivy's `aquasecurity:trivy:{ImageID,RepoTag,RepoDigest,DiffID}`
 * (CycloneDX properties or SPDX attributionTexts), Dredge's `dredge:image:*` and Syft's `syft:image:*`.
 */
import type { InventoryTarget } from "../model/inventory.js";
import { parsePurl } from "./purl-package.js";
import { first, type Props } from "./properties.js";
import type { LayerTable } from "./layers.js";

const digestRe = /^sha(256|384|512):[a-f0-9]{32,128}$/;
const T = "aquasecurity:trivy:";

export interface TargetInput {
  name: string;
  version?: string;
  purl?: string;
  props: Props;
}

const all = (p: Props, ...keys: string[]): string[] => keys.flatMap((k) => p.get(k) ?? []).map((x) => x.trim()).filter((x) => x !== "");

export function buildTarget(input: TargetInput, fallbackName: string, layers: LayerTable): InventoryTarget {
  const p = input.props;
  const t: InventoryTarget = {
    name: input.name.trim() || fallbackName,
    source: "sbom",
    unverified: true,
    repoTags: [...new Set(all(p, "dredge:image:repoTag", `${T}RepoTag`, "syft:image:tag"))],
    repoDigests: [...new Set(all(p, "dredge:image:repoDigest", `${T}RepoDigest`))],
  };
  const imageId = first(p, "dredge:image:id") ?? first(p, `${T}ImageID`) ?? first(p, "syft:image:id");
  if (imageId) t.imageId = imageId;
  applyOciPurl(t, input.purl);
  const v = input.version?.trim();
  if (v && digestRe.test(v) && v !== t.imageId && !t.manifestDigest) t.manifestDigest = v;
  for (const d of all(p, "dredge:image:layer:diffID", `${T}DiffID`)) layers.add(d);
  return t;
}

/** pkg:oci/NAME@DIGEST?repository_url=REPO&tag=TAG&arch=ARCH */
function applyOciPurl(t: InventoryTarget, purl: string | undefined): void {
  const parsed = purl ? parsePurl(purl) : undefined;
  if (!parsed || parsed.purl.type !== "oci") return;
  const digest = parsed.purl.version ?? undefined;
  const q = parsed.qualifiers;
  if (digest && digestRe.test(digest) && digest !== t.imageId) t.manifestDigest = digest;
  // Dredge writes repository_url only for repositories with a "/"; otherwise the purl name is the repository.
  const repo = q.repository_url ?? parsed.purl.name;
  if (repo && q.tag) {
    const tag = `${repo}:${q.tag}`;
    if (!t.repoTags.includes(tag)) t.repoTags.push(tag);
  }
  if (repo && digest && t.manifestDigest === digest) {
    const rd = `${repo}@${digest}`;
    if (!t.repoDigests.includes(rd)) t.repoDigests.push(rd);
  }
  if (q.arch) t.platform = { os: "linux", architecture: q.arch };
}
