/** The full version of a package as users and feeds write it (rpm: [epoch:]version-release). */
import type { Package } from "./package.js";

export function fullVersion(p: Pick<Package, "version" | "release" | "epoch">): string {
  const v = p.release ? `${p.version}-${p.release}` : p.version;
  return p.epoch ? `${p.epoch}:${v}` : v;
}
