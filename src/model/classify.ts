/** OS packages (from the distro's package manager) versus language packages. */
import type { Package, PackageType } from "./package.js";

export const osPackageTypes: ReadonlySet<PackageType> = new Set<PackageType>(["deb", "apk", "rpm"]);

export const isOsPackage = (p: Pick<Package, "type">): boolean => osPackageTypes.has(p.type);

/**
 * False for a package that does not come from its ecosystem's registry: its purl names a git checkout
 * (`vcs_url`), a tarball URL or a local path (`download_url`) (src/analyzer/lang/origin.ts). Registry
 * advisories are never matched against such a package: the code behind its name is not the registry's.
 */
export const fromRegistry = (p: Pick<Package, "purl">): boolean => !/[?&](vcs_url|download_url)=/.test(p.purl);
