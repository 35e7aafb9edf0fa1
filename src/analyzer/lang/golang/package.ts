/** Go module package constructor: `pkg:golang/github.com/x/y@v1.2.3` (namespace = path up to the last `/`). */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";

/** `qualifiers`: where a module that does not come from the module proxy comes from (../origin.ts). */
export function goPackage(module: string, version: string, path: string, extra: Partial<Package> = {}, qualifiers?: Record<string, string>): Package {
  const slash = module.lastIndexOf("/");
  const namespace = slash > 0 ? module.slice(0, slash) : undefined;
  const name = slash > 0 ? module.slice(slash + 1) : module;
  return { type: "golang", name: module, version, purl: langPurl("golang", namespace, name, version, qualifiers), locations: [{ path }], ...extra };
}

/** A module path (loose) and a module version (`v1.2.3`, pseudo-versions, `+incompatible`). */
export const isModulePath = (m: string): boolean => /^[A-Za-z0-9._~/+-]+$/.test(m) && m.length <= 500 && !m.startsWith("/");
export const isModuleVersion = (v: string): boolean => /^v\d+\.\d+\.\d+[0-9A-Za-z.+-]*$/.test(v);
