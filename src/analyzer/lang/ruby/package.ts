/** RubyGems package constructor. */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";

/** `qualifiers`: where a gem that does not come from rubygems.org comes from (../origin.ts). */
export function gemPackage(name: string, version: string, path: string, extra: Partial<Package> = {}, qualifiers?: Record<string, string>): Package {
  return { type: "gem", name, version, purl: langPurl("gem", undefined, name, version, qualifiers), locations: [{ path }], ...extra };
}

export const isGemName = (n: string): boolean => /^[A-Za-z0-9._-]+$/.test(n) && n.length <= 200;
export const isGemVersion = (v: string): boolean => /^[0-9][0-9A-Za-z.+-]*$/.test(v) && v.length <= 100;
