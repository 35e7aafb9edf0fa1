/**
 * rpm dependencies as package names: each REQUIRENAME is resolved to the installed packages of the same
 * database that provide it (PROVIDENAME, or a file the package owns). rpmlib() and unresolved names drop out.
 */
import type { Package } from "../../../model/package.js";
import { TAG, tagStrings, type RpmHeader } from "./header.js";

export interface HeaderPackage {
  pkg: Package;
  header: RpmHeader;
}

export function resolveRpmDependencies(entries: readonly HeaderPackage[]): void {
  const providers = new Map<string, Set<string>>();
  const add = (capability: string, name: string) => {
    const set = providers.get(capability) ?? new Set<string>();
    set.add(name);
    providers.set(capability, set);
  };
  // File requires (`/bin/sh`) are provided by the package owning the file.
  const pathRequires = new Set(entries.flatMap((e) => tagStrings(e.header, TAG.REQUIRENAME).filter((r) => r.startsWith("/"))));
  for (const { pkg, header } of entries) {
    add(pkg.name, pkg.name);
    for (const p of tagStrings(header, TAG.PROVIDENAME)) add(p, pkg.name);
    for (const f of pkg.files ?? []) if (pathRequires.has(f)) add(f, pkg.name);
  }
  for (const { pkg, header } of entries) {
    const deps = new Set<string>();
    for (const req of tagStrings(header, TAG.REQUIRENAME)) {
      if (req.startsWith("rpmlib(")) continue;
      for (const name of providers.get(req) ?? []) if (name !== pkg.name) deps.add(name);
    }
    if (deps.size > 0) pkg.dependsOn = [...deps].sort();
  }
}
