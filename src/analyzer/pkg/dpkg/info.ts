/**
 * Per-file results for dpkg's side files, so that the merge step can attach them across layers: a package
 * installed in layer 1 keeps its /var/lib/dpkg/info/<pkg>.list there while the status file that lists it
 * is rewritten by every later layer. Each .list and DEP-5 copyright file becomes a PackageSet of analyzer
 * `dpkg-info` holding one stub (name, arch, files or licences, no version): these are NOT packages; the
 * merge step folds them into the surviving dpkg packages with applyDpkgInfo and drops them.
 */
import type { Package } from "../../../model/package.js";
import type { PackageSet } from "../../types.js";
import { parseCopyright } from "./licenses.js";
import { isCopyrightFile, isListFile, parseDpkgList } from "./database.js";

export const DPKG_INFO_ANALYZER = "dpkg-info";

export function isDpkgInfoSet(set: PackageSet): boolean {
  return set.analyzer === DPKG_INFO_ANALYZER;
}

/** The stub set of one .list or copyright file; undefined for other files and free-form copyrights. */
export function dpkgInfoSet(path: string, content: Buffer): PackageSet | undefined {
  const stub = (name: string): Package => ({ type: "deb", name, version: "", purl: "", locations: [{ path }] });
  if (isListFile(path)) {
    const base = path.slice(path.lastIndexOf("/") + 1, -".list".length);
    const [name = "", arch] = base.split(":");
    const pkg = stub(name);
    if (arch) pkg.arch = arch;
    pkg.files = parseDpkgList(content);
    return { path, analyzer: DPKG_INFO_ANALYZER, packages: [pkg] };
  }
  if (isCopyrightFile(path)) {
    const licenses = parseCopyright(content);
    if (!licenses || licenses.length === 0) return undefined;
    const name = path.split("/")[4] ?? "";
    return { path, analyzer: DPKG_INFO_ANALYZER, packages: [{ ...stub(name), licenses }] };
  }
  return undefined;
}

/** Fill `files` and `licenses` of deb packages from the surviving dpkg-info sets of the merged view. */
export function applyDpkgInfo(packages: readonly Package[], infoSets: readonly PackageSet[]): void {
  const lists = new Map<string, string[]>();
  const licences = new Map<string, string[]>();
  for (const set of infoSets) {
    if (!isDpkgInfoSet(set)) continue;
    for (const stub of set.packages) {
      if (stub.files) lists.set(stub.arch ? `${stub.name}:${stub.arch}` : stub.name, stub.files);
      if (stub.licenses) licences.set(stub.name, stub.licenses);
    }
  }
  for (const pkg of packages) {
    if (pkg.type !== "deb") continue;
    const files = (pkg.arch ? lists.get(`${pkg.name}:${pkg.arch}`) : undefined) ?? lists.get(pkg.name);
    if (files && !pkg.files) pkg.files = files;
    const lic = licences.get(pkg.name);
    if (lic && !pkg.licenses) pkg.licenses = lic;
  }
}
