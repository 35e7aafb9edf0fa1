/**
 * A purl → the base of a Dredge Package (type, name, version/epoch/release, arch, source from `upstream`).
 *
 * Purl types map one-to-one to PackageType (`golang` → golang, `gem` → gem…). Decision for the others:
 * `pkg:generic` becomes a `binary` package (Syft and Trivy use it for binaries identified by version strings,
 * e.g. `pkg:generic/python@3.11.4`); every other purl type (`oci`, `docker`, `k8s`, `github`, `alpm`,
 * `conda`, `bitnami`…) is skipped and counted, because no Dredge matcher reads it.
 */
import { PackageURL } from "packageurl-js";
import type { Package, PackageType } from "../model/package.js";
import { parseSourceRpm } from "../analyzer/pkg/rpm/package.js";
import { ownValue } from "../util/own.js";

const purlTypes: Record<string, PackageType> = {
  deb: "deb", apk: "apk", rpm: "rpm", npm: "npm", pypi: "pypi", gem: "gem", maven: "maven", golang: "golang",
  cargo: "cargo", composer: "composer", nuget: "nuget", hex: "hex", pub: "pub", conan: "conan", swift: "swift",
  cocoapods: "cocoapods", generic: "binary",
};

export interface ParsedPurl {
  purl: PackageURL;
  qualifiers: Record<string, string>;
}

export function parsePurl(text: string): ParsedPurl | undefined {
  try {
    const purl = PackageURL.fromString(text.trim());
    const qualifiers: Record<string, string> = {};
    for (const [k, v] of Object.entries(purl.qualifiers ?? {})) if (typeof v === "string") qualifiers[k] = v;
    return { purl, qualifiers };
  } catch {
    return undefined;
  }
}

export function packageType(purlType: string): PackageType | undefined {
  return ownValue(purlTypes, purlType.toLowerCase());
}

function packageName(type: PackageType, ns: string | undefined, name: string): string {
  if (!ns) return name;
  if (type === "maven") return `${ns}:${name}`;
  if (type === "npm" || type === "golang" || type === "composer" || type === "swift") return `${ns}/${name}`;
  return name;
}

/** `1:1.0-2` or `1.0-2` + epoch qualifier → epoch / version / release. */
export function splitRpmVersion(v: string, epochQ?: string): { epoch?: number; version: string; release?: string } {
  let rest = v;
  let epoch = epochQ !== undefined && /^\d+$/.test(epochQ) ? Number(epochQ) : undefined;
  const e = /^(\d+):(.*)$/.exec(rest);
  if (e?.[1] && e[2] !== undefined) {
    epoch = Number(e[1]);
    rest = e[2];
  }
  const dash = rest.lastIndexOf("-");
  const base = dash > 0 ? { version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { version: rest };
  return epoch !== undefined ? { epoch, ...base } : base;
}

/** The Package a purl describes; undefined when the purl type is not one Dredge scans. */
export function packageFromPurl(text: string, p: ParsedPurl, fallbackVersion?: string): Package | undefined {
  const type = packageType(p.purl.type);
  if (!type) return undefined;
  const name = packageName(type, p.purl.namespace ?? undefined, p.purl.name);
  const rawVersion = p.purl.version ?? fallbackVersion ?? "";
  const q = p.qualifiers;
  const pkg: Package = { type, name, version: rawVersion, purl: text.trim(), locations: [] };
  if (type === "rpm") Object.assign(pkg, splitRpmVersion(rawVersion, q.epoch));
  else if (type === "deb" && q.epoch && /^\d+$/.test(q.epoch) && q.epoch !== "0" && !rawVersion.includes(":")) {
    pkg.version = `${q.epoch}:${rawVersion}`;
  }
  if (q.arch) pkg.arch = q.arch;
  if (q.upstream) pkg.source = upstreamSource(type, q.upstream, pkg);
  return pkg;
}

/** `upstream` qualifier: deb/apk `name` or `name@version`; rpm a source rpm file name. */
function upstreamSource(type: PackageType, upstream: string, pkg: Package): Package["source"] {
  if (type === "rpm") {
    const s = parseSourceRpm(upstream);
    if (s) return { ...s, ...(pkg.epoch !== undefined ? { epoch: pkg.epoch } : {}) };
  }
  const at = upstream.indexOf("@");
  if (at > 0) return { name: upstream.slice(0, at), version: upstream.slice(at + 1) };
  return type === "rpm" ? { name: upstream, version: pkg.version, ...(pkg.release ? { release: pkg.release } : {}) } : { name: upstream, version: pkg.version };
}
