/**
 * The inventory a client uploads (`POST /inventories`): the JSON of the pipeline's `Inventory`
 * (src/model/inventory.ts), checked field by field. Strict (an unknown field anywhere is refused, naming
 * its path) and bounded: string lengths, list sizes, record sizes; nesting is the schema's own (no
 * recursive field), so depth is bounded too. The request's byte limit bounds the whole.
 */
import { z } from "zod";
import type { Inventory } from "../../model/inventory.js";

export const INVENTORY_LIMITS = {
  packages: 500_000,
  layers: 1_000,
  warnings: 10_000,
  gaps: 1_000,
  /** Files owned by one package; locations of one package. */
  files: 200_000,
  locations: 10_000,
  dependsOn: 10_000,
  tags: 1_000,
  labels: 1_000,
  text: 65_536,
  path: 4_096,
  name: 1_024,
} as const;

const L = INVENTORY_LIMITS;
const str = (max: number) => z.string().max(max);
const name = str(L.name);
const path = str(L.path);
const text = str(L.text);
const digest = z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,256}$/, { error: "is not a digest" });
const index = z.number().int().min(0).max(100_000);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max);
const record = z.record(str(L.name), text).refine((r) => Object.keys(r).length <= L.labels, { error: `has more than ${L.labels} entries` });

const sourceKinds = ["registry", "docker-archive", "oci-layout", "oci-archive", "daemon", "rootfs", "fs", "sbom"] as const;
const packageTypes = ["deb", "apk", "rpm", "npm", "pypi", "gem", "maven", "golang", "cargo", "composer", "nuget", "hex", "pub", "conan", "swift", "cocoapods", "binary"] as const;

const platform = z.strictObject({ os: name, architecture: name, variant: name.optional(), "os.version": name.optional() });

const target = z.strictObject({
  name: path,
  source: z.enum(sourceKinds),
  repoTags: list(path, L.tags),
  repoDigests: list(path, L.tags),
  manifestDigest: digest.optional(),
  imageId: digest.optional(),
  platform: platform.optional(),
  created: name.optional(),
  labels: record.optional(),
  annotations: record.optional(),
  unverified: z.literal(true).optional(),
});

const os = z.strictObject({
  family: name,
  name: name,
  codename: name.optional(),
  prettyName: name.optional(),
  eol: z.boolean().optional(),
  eolDate: name.optional(),
  distroless: z.boolean().optional(),
  repository: name.optional(),
});

const layerOrigin = z.strictObject({ index, diffId: digest, digest: digest.optional(), createdBy: text.optional() });

const pkg = z.strictObject({
  type: z.enum(packageTypes),
  name: path,
  version: name,
  epoch: count.optional(),
  release: name.optional(),
  purl: text,
  source: z.strictObject({ name: path, version: name, release: name.optional(), epoch: count.optional() }).optional(),
  arch: name.optional(),
  licenses: list(text, 1_000).optional(),
  vendor: text.optional(),
  maintainer: text.optional(),
  modularityLabel: name.optional(),
  files: list(path, L.files).optional(),
  dependsOn: list(path, L.dependsOn).optional(),
  direct: z.boolean().optional(),
  dev: z.boolean().optional(),
  confidence: z.enum(["high", "medium", "low"]).optional(),
  locations: list(z.strictObject({ path, layer: layerOrigin.optional() }), L.locations),
  layer: layerOrigin.optional(),
});

const layer = z.strictObject({
  index,
  diffId: digest,
  digest: digest.optional(),
  size: count.optional(),
  mediaType: name.optional(),
  createdBy: text.optional(),
  created: name.optional(),
  comment: text.optional(),
});

const gap = z.strictObject({
  kind: z.enum(["file-over-limit", "layer-budget"]),
  layer: z.strictObject({ index, diffId: digest }).optional(),
  paths: list(path, 1_000),
  files: count,
  limit: count,
  message: text,
});

export const inventorySchema = z.strictObject({
  target,
  os: os.optional(),
  packages: list(pkg, L.packages),
  layers: list(layer, L.layers),
  warnings: list(text, L.warnings),
  incomplete: list(gap, L.gaps).optional(),
});

/** The schema's output is the pipeline's Inventory (checked at compile time). */
export const asInventory = (v: z.output<typeof inventorySchema>): Inventory => v;

/** One line naming the first few problems by their path (`packages.3.type: Invalid option…`). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 5): string {
  const one = (i: z.core.$ZodIssue) => {
    const at = i.path.map(String).join(".") || "(document)";
    return i.code === "unrecognized_keys" ? `${at}: unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")}` : `${at}: ${i.message}`;
  };
  const shown = issues.slice(0, max).map(one);
  return shown.join("; ") + (issues.length > max ? `; and ${issues.length - max} more` : "");
}
