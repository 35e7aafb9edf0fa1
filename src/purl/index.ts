/**
 * Package URLs for OS packages. The OS (family + release) is known only once all layers are merged, so the
 * package readers emit a provisional purl (no `distro` qualifier) and the merge step recomputes it with the
 * detected OS through these functions.
 */
import { PackageURL } from "packageurl-js";
import { distros, familySpec, purlDistroId } from "../distro/index.js";
import type { OSInfo, Package } from "../model/package.js";
import { detachString } from "../util/detach.js";

type Qualifiers = Record<string, string>;

/** Lone UTF-16 surrogates (JSON and YAML escapes can make them) cannot be percent-encoded: U+FFFD instead. */
const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/**
 * The purl of components read from untrusted files; never throws. packageurl-js refuses some of what real
 * files carry (a name of blanks, a Go version that is not strict semver — where its golang check even throws
 * a ReferenceError): then the same components are percent-encoded without its checks.
 */
export function purlString(type: string, namespace: string | undefined, name: string, version: string | undefined, qualifiers?: Qualifiers): string {
  const [ns, n, v] = [namespace ? wellFormed(namespace) : undefined, wellFormed(name), version ? wellFormed(version) : undefined];
  const q = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  // Detached: a purl is kept as long as its package, and packageurl-js builds it as a rope of ~10 pieces.
  try {
    return detachString(new PackageURL(type, ns, n, v, q, undefined).toString());
  } catch {
    const path = [...(ns ? ns.split("/") : []), n].map(encodeURIComponent).join("/");
    const query = q ? `?${Object.keys(q).sort().map((k) => `${k}=${encodeURIComponent(wellFormed(q[k] ?? ""))}`).join("&")}` : "";
    return detachString(`pkg:${type}/${path}${v ? `@${encodeURIComponent(v)}` : ""}${query}`);
  }
}

function build(type: string, namespace: string | undefined, pkg: Package, qualifiers: Qualifiers): string {
  const q: Qualifiers = {};
  for (const [k, v] of Object.entries(qualifiers)) if (v !== "") q[k] = v;
  return purlString(type, namespace, pkg.name, pkg.version, q);
}

/** The os-release ID that purl `distro` qualifiers use for a family (`redhat` → `rhel`): src/distro/<name>/. */
export function distroId(family: string): string {
  return purlDistroId(family);
}

/** `family-release` (`debian-12`, `rhel-9.0`), the `distro` qualifier of deb and rpm purls. */
export function distroQualifier(os: OSInfo | undefined): string {
  return os ? `${distroId(os.family)}-${os.name}` : "";
}

/** `pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl` */
export function debPurl(pkg: Package, os?: OSInfo): string {
  const upstream = pkg.source && pkg.source.name !== pkg.name ? pkg.source.name : "";
  const namespace = os?.family ?? "debian";
  return build("deb", namespace, pkg, { arch: pkg.arch ?? "", distro: distroQualifier(os), upstream });
}

/** `pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64&distro=3.16.2` (Alpine: the bare release; others: family-release). */
export function apkPurl(pkg: Package, os?: OSInfo): string {
  const namespace = os?.family ?? "alpine";
  const distro = os === undefined ? "" : os.family === "alpine" ? os.name : distroQualifier(os);
  const upstream = pkg.source && pkg.source.name !== pkg.name ? pkg.source.name : "";
  return build("apk", namespace, pkg, { arch: pkg.arch ?? "", distro, upstream });
}

/** An rpm's Vendor → purl namespace, for images whose OS is unknown. */
const vendorNamespaces = distros.flatMap((d) => d.purlVendors ?? []);

function rpmNamespace(pkg: Package, os?: OSInfo): string | undefined {
  if (os) return familySpec(os.family)?.purlNamespace ?? distroId(os.family);
  for (const { vendor, namespace } of vendorNamespaces) if (pkg.vendor !== undefined && vendor.test(pkg.vendor)) return namespace;
  return undefined;
}

/** `pkg:rpm/redhat/openssl-libs@3.0.1-41.el9_0?arch=x86_64&epoch=1&distro=rhel-9.0` */
export function rpmPurl(pkg: Package, os?: OSInfo): string {
  const withRelease = { ...pkg, version: pkg.release ? `${pkg.version}-${pkg.release}` : pkg.version };
  return build("rpm", rpmNamespace(pkg, os), withRelease, {
    arch: pkg.arch ?? "",
    epoch: pkg.epoch !== undefined && pkg.epoch !== 0 ? String(pkg.epoch) : "",
    distro: distroQualifier(os),
  });
}

/** The purl of an OS package for the detected OS (deb, apk, rpm); other types keep their purl. */
export function osPackagePurl(pkg: Package, os?: OSInfo): string {
  if (pkg.type === "deb") return debPurl(pkg, os);
  if (pkg.type === "apk") return apkPurl(pkg, os);
  if (pkg.type === "rpm") return rpmPurl(pkg, os);
  return pkg.purl;
}
