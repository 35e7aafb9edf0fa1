/** npm package constructor and licence reading shared by the npm parsers. */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import { asRecord, asString } from "../types.js";

/** `qualifiers`: where a package that does not come from the registry comes from (../origin.ts). */
export function npmPackage(
  name: string,
  version: string,
  path: string,
  extra: Partial<Package> = {},
  qualifiers?: Record<string, string>,
): Package {
  const scoped = name.startsWith("@") && name.includes("/");
  const namespace = scoped ? name.slice(0, name.indexOf("/")) : undefined;
  const bare = scoped ? name.slice(name.indexOf("/") + 1) : name;
  return {
    type: "npm",
    name,
    version,
    purl: langPurl("npm", namespace, bare, version, qualifiers),
    locations: [{ path }],
    ...extra,
  };
}

/** `license: "MIT"`, `license: {type}`, legacy `licenses: [{type}|"MIT"]`. */
export function npmLicenses(doc: Record<string, unknown>): string[] | undefined {
  const out: string[] = [];
  const one = (v: unknown): void => {
    const s = asString(v) ?? asString(asRecord(v)?.type);
    if (s) out.push(s);
  };
  one(doc.license);
  if (Array.isArray(doc.licenses)) doc.licenses.forEach(one);
  else one(doc.licenses);
  return out.length > 0 ? out : undefined;
}

/** Valid npm package name (loose: scoped or bare, no spaces, no path tricks). */
export function isNpmName(name: string): boolean {
  return /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9_.~-][\w.~-]*$/i.test(name) && name.length <= 214;
}
