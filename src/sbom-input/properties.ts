/**
 * Tool properties on a component/package → source package, locations, layer, arch. Read, in order of trust:
 * Dredge's own `dredge:*` properties, Trivy's `aquasecurity:trivy:*`, Syft's `syft:*`. (Purl `upstream` was
 * already applied by packageFromPurl; properties override it.)
 */
import type { Package } from "../model/package.js";
import { parseSourceRpm } from "../analyzer/pkg/rpm/package.js";
import { splitRpmVersion } from "./purl-package.js";
import type { LayerTable } from "./layers.js";
import { pushAll } from "../util/array.js";

export type Props = Map<string, string[]>;

export function toProps(list: readonly { name: string; value: string }[]): Props {
  const m: Props = new Map();
  for (const { name, value } of list) {
    const arr = m.get(name);
    if (arr) arr.push(value);
    else m.set(name, [value]);
  }
  return m;
}

export const first = (p: Props, key: string): string | undefined => {
  const v = p.get(key)?.[0]?.trim();
  return v === undefined || v === "" ? undefined : v;
};

const T = "aquasecurity:trivy:";

function trivySource(p: Props, pkg: Package): Package["source"] {
  const name = first(p, `${T}SrcName`);
  if (!name) return undefined;
  const version = first(p, `${T}SrcVersion`) ?? pkg.version;
  const release = first(p, `${T}SrcRelease`);
  const epochText = first(p, `${T}SrcEpoch`);
  const epoch = epochText && /^\d+$/.test(epochText) ? Number(epochText) : undefined;
  if (pkg.type === "deb") {
    const v = release ? `${version}-${release}` : version;
    return { name, version: epoch ? `${epoch}:${v}` : v };
  }
  if (pkg.type === "rpm") {
    return { name, version, ...(release ? { release } : {}), ...(epoch !== undefined ? { epoch } : {}) };
  }
  return { name, version };
}

function syftSource(p: Props, pkg: Package): Package["source"] {
  const rpm = first(p, "syft:metadata:sourceRpm");
  if (rpm && pkg.type === "rpm") {
    const s = parseSourceRpm(rpm);
    if (s) return { ...s, ...(pkg.epoch !== undefined ? { epoch: pkg.epoch } : {}) };
  }
  const name = first(p, "syft:metadata:source") ?? first(p, "syft:metadata:originPackage");
  if (!name) return undefined;
  return { name, version: first(p, "syft:metadata:sourceVersion") ?? pkg.version };
}

function dredgeSource(p: Props, pkg: Package): Package["source"] {
  const name = first(p, "dredge:package:source:name");
  if (!name) return undefined;
  const version = first(p, "dredge:package:source:version") ?? pkg.version;
  if (pkg.type !== "rpm") return { name, version };
  // Dredge writes rpm source versions without release; keep the package's epoch.
  const v = splitRpmVersion(version);
  return { name, version, ...(v.epoch !== undefined ? { epoch: v.epoch } : pkg.epoch !== undefined ? { epoch: pkg.epoch } : {}) };
}

function paths(p: Props): string[] {
  const out = [...(p.get("dredge:package:path") ?? []), ...(p.get(`${T}FilePath`) ?? [])];
  for (const [k, vs] of p) if (/^syft:location:\d+:path$/.test(k)) pushAll(out, vs);
  return [...new Set(out.map((x) => x.trim()).filter((x) => x !== ""))];
}

function layerDiffId(p: Props): { diffId?: string; digest?: string; createdBy?: string } {
  const diffId = first(p, "dredge:layer:diffID") ?? first(p, `${T}LayerDiffID`) ?? first(p, "syft:location:0:layerID");
  const digest = first(p, "dredge:layer:digest") ?? first(p, `${T}LayerDigest`);
  const createdBy = first(p, "dredge:layer:createdBy");
  return { diffId, digest, createdBy };
}

/**
 * Fill source, arch, locations and layer of `pkg` from its properties. `absolutePaths`: the SBOM describes an
 * image, so relative paths (Trivy writes `var/lib/gems/…`) are made absolute as Dredge's image paths are.
 */
export function applyProperties(pkg: Package, p: Props, layers: LayerTable, absolutePaths = false): void {
  const source = dredgeSource(p, pkg) ?? trivySource(p, pkg) ?? syftSource(p, pkg);
  if (source) pkg.source = source;
  const arch = first(p, "dredge:package:arch");
  if (arch && !pkg.arch) pkg.arch = arch;
  const mod = first(p, "dredge:package:modularitylabel");
  if (mod) pkg.modularityLabel = mod;
  if (first(p, "dredge:package:dev") === "true") pkg.dev = true;
  const conf = first(p, "dredge:package:confidence");
  if (conf === "medium" || conf === "low") pkg.confidence = conf;
  const l = layerDiffId(p);
  const index = first(p, "dredge:layer:index");
  const origin = l.diffId ? layers.origin(l.diffId, { digest: l.digest, createdBy: l.createdBy, index: index ? Number(index) : undefined }) : undefined;
  if (origin) pkg.layer = origin;
  const abs = (x: string) => (absolutePaths && !x.startsWith("/") ? `/${x}` : x);
  pkg.locations = paths(p).map((x) => (origin ? { path: abs(x), layer: origin } : { path: abs(x) }));
}
