/** CycloneDX 1.6 JSON SBOM of an inventory (validated against the official schema in tests). */
import { randomUUID } from "node:crypto";
import type { Inventory } from "../../model/inventory.js";
import { isOsPackage } from "../../model/classify.js";
import type { OSInfo, Package } from "../../model/package.js";
import { fullVersion } from "../../model/version.js";
import { cdxIncompleteProperties } from "../common/incomplete.js";
import { LazyJsonArray } from "../common/write.js";
import { imagePurl } from "../common/sbom-image-purl.js";
import { normaliseLicense } from "../common/sbom-license.js";
import { packageProperties } from "../common/sbom-properties.js";

export interface ToolInfo {
  name: string;
  version: string;
}

type Json = Record<string, unknown>;

export function cyclonedxSbom(inv: Inventory, tool: ToolInfo, now = new Date()): Json {
  return sbomDocument(inv, tool, now, (make) => [...make()]);
}

/**
 * The same document with `components` and `dependencies` made while they are written (LazyJsonArray: by
 * jsonChunks one at a time, by JSON.stringify whole): an SBOM of 15,000 packages never exists whole in memory.
 * The inventory must not change until the document is written.
 */
export function cyclonedxSbomStream(inv: Inventory, tool: ToolInfo, now = new Date()): Json {
  return sbomDocument(inv, tool, now, (make) => new LazyJsonArray(make));
}

function sbomDocument(inv: Inventory, tool: ToolInfo, now: Date, array: (make: () => Iterable<Json>) => unknown): Json {
  const root = rootComponent(inv);
  const rootRef = root["bom-ref"] as string;
  const refs = uniqueRefs(inv.packages);
  const components = array(() => cdxComponents(inv.os, inv.packages, refs));
  const dependencies = array(() => cdxDependencies(rootRef, inv.os, inv.packages, refs));
  const properties = cdxIncompleteProperties(inv.incomplete);
  return {
    $schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
      tools: { components: [{ type: "application", group: "dredge", name: tool.name, version: tool.version }] },
      component: root,
      ...(properties.length ? { properties } : {}),
    },
    components,
    dependencies,
  };
}


/**
 * The OS and package components of an image and its dependency graph (root → OS and libraries, OS → its
 * packages, package → the packages it depends on). Shared by `dredge sbom` and the CycloneDX scan report.
 */
export function cdxPackageGraph(rootRef: string, os: OSInfo | undefined, pkgs: readonly Package[], refs = uniqueRefs(pkgs)): { components: Json[]; dependencies: Json[] } {
  return { components: [...cdxComponents(os, pkgs, refs)], dependencies: [...cdxDependencies(rootRef, os, pkgs, refs)] };
}

const osRefOf = (os: OSInfo | undefined): string | undefined => (os ? `os:${os.family}@${os.name}` : undefined);

function* cdxComponents(os: OSInfo | undefined, pkgs: readonly Package[], refs: readonly string[]): Generator<Json> {
  const osRef = osRefOf(os);
  if (os && osRef) yield { "bom-ref": osRef, type: "operating-system", name: os.family, version: os.name, description: os.prettyName };
  for (let i = 0; i < pkgs.length; i++) yield packageComponent(pkgs[i]!, refs[i]!);
}

function* cdxDependencies(rootRef: string, os: OSInfo | undefined, pkgs: readonly Package[], refs: readonly string[]): Generator<Json> {
  const osRef = osRefOf(os);
  const osPkgs = pkgs.map((p, i) => [p, refs[i]!] as const).filter(([p]) => isOsPackage(p)).map(([, r]) => r);
  const libs = pkgs.map((p, i) => [p, refs[i]!] as const).filter(([p]) => !isOsPackage(p)).map(([, r]) => r);
  yield { ref: rootRef, dependsOn: [...(osRef ? [osRef] : []), ...libs] };
  if (osRef) yield { ref: osRef, dependsOn: osPkgs };
  const byName = new Map<string, string>();
  pkgs.forEach((p, i) => byName.set(`${p.type}\u0000${p.name}`, refs[i]!));
  for (let i = 0; i < pkgs.length; i++) {
    const p = pkgs[i]!;
    const deps = (p.dependsOn ?? []).map((n) => byName.get(`${p.type}\u0000${n}`)).filter((r): r is string => r !== undefined && r !== refs[i]);
    yield { ref: refs[i]!, dependsOn: [...new Set(deps)] };
  }
}

function rootComponent(inv: Inventory): Json {
  const t = inv.target;
  const purl = imagePurl(t);
  const isDir = t.source === "rootfs" || t.source === "fs";
  const props = [
    ["image:id", t.imageId],
    ["image:source", t.source],
    ...t.repoTags.map((x) => ["image:repoTag", x]),
    ...t.repoDigests.map((x) => ["image:repoDigest", x]),
    ...inv.layers.map((l) => ["image:layer:diffID", l.diffId]),
  ].filter((kv): kv is [string, string] => typeof kv[1] === "string" && kv[1] !== "");
  return {
    "bom-ref": purl ?? `target:${t.name}`,
    type: isDir ? "file" : "container",
    name: t.name,
    ...(t.manifestDigest ? { version: t.manifestDigest } : {}),
    ...(purl ? { purl } : {}),
    properties: props.map(([name, value]) => ({ name: `dredge:${name}`, value })),
  };
}

function packageComponent(p: Package, ref: string): Json {
  const c: Json = { "bom-ref": ref, type: "library", name: p.name, version: fullVersion(p), purl: p.purl };
  const group = p.type === "maven" && p.name.includes(":") ? p.name.split(":")[0] : undefined;
  if (group) Object.assign(c, { group, name: p.name.split(":")[1] });
  const licenses = cdxLicenses(p.licenses ?? []);
  if (licenses.length) c.licenses = licenses;
  if (p.vendor) c.supplier = { name: p.vendor };
  const props = packageProperties(p);
  if (props.length) c.properties = props;
  return c;
}

/** CycloneDX wants either license objects or exactly one expression. */
function cdxLicenses(list: readonly string[]): Json[] {
  const norm = [...new Set(list)].map(normaliseLicense);
  const exprs = norm.filter((n) => n.kind === "expression");
  if (exprs.length === 1 && norm.length === 1) return [{ expression: (exprs[0] as { expression: string }).expression }];
  return norm.map((n) =>
    n.kind === "id" ? { license: { id: n.id } } : { license: { name: n.kind === "expression" ? n.expression : n.name } },
  );
}

/** bom-refs must be unique: the purl, suffixed when the same purl appears at several paths. */
export function uniqueRefs(pkgs: readonly { purl: string }[]): string[] {
  const seen = new Map<string, number>();
  return pkgs.map((p) => {
    const n = seen.get(p.purl) ?? 0;
    seen.set(p.purl, n + 1);
    return n === 0 ? p.purl : `${p.purl}#${n}`;
  });
}

