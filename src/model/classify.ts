/** OS packages (from the distro's package manager) versus language packages. */
import type { Package, PackageType } from "./package.js";

export const osPackageTypes: ReadonlySet<PackageType> = new Set<PackageType>(["deb", "apk", "rpm"]);

export const isOsPackage = (p: Pick<Package, "type">): boolean => osPackageTypes.has(p.type);
