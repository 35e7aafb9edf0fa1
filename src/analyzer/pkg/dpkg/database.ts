/**
 * The dpkg database of a file view (one layer, or the merged image): status and status.d files → package
 * sets, with owned files from /var/lib/dpkg/info/*.list and licences from /usr/share/doc/<pkg>/copyright.
 * Pure: the analyzer calls it per layer; the merge step can call it (or attachDpkgMetadata) on the merged view.
 */
import type { Package } from "../../../model/package.js";
import type { PackageSet } from "../../types.js";
import { parseCopyright } from "./licenses.js";
import { parseDpkgStatus } from "./status.js";

export const DPKG_ANALYZER = "dpkg";
export const STATUS_PATH = "/var/lib/dpkg/status";
export const STATUS_D_DIR = "/var/lib/dpkg/status.d/";
const INFO_DIR = "/var/lib/dpkg/info/";
const DOC_RE = /^\/usr\/share\/doc\/([^/]+)\/copyright$/;

export interface Warning {
  message: string;
  path: string;
}

export function isStatusFile(path: string): boolean {
  if (path === STATUS_PATH) return true;
  if (!path.startsWith(STATUS_D_DIR)) return false;
  const rest = path.slice(STATUS_D_DIR.length);
  return rest !== "" && !rest.includes("/") && !rest.endsWith(".md5sums") && !rest.startsWith(".");
}

export function isListFile(path: string): boolean {
  return path.startsWith(INFO_DIR) && path.endsWith(".list") && !path.slice(INFO_DIR.length).includes("/");
}

export function isCopyrightFile(path: string): boolean {
  return DOC_RE.test(path);
}

/** Owned paths of a `.list` file (one absolute path a line; `/.` dropped). */
export function parseDpkgList(content: Buffer): string[] {
  const out: string[] = [];
  for (const line of content.toString("utf8").split("\n")) {
    const p = line.replace(/\r$/, "");
    if (p.startsWith("/") && p !== "/.") out.push(p);
  }
  return out;
}

export function readDpkgDatabase(files: ReadonlyMap<string, Buffer>): { packageSets: PackageSet[]; warnings: Warning[] } {
  const packageSets: PackageSet[] = [];
  const warnings: Warning[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!isStatusFile(path)) continue;
    const r = parseDpkgStatus(content, path);
    for (const w of r.warnings) warnings.push({ message: w, path });
    attachDpkgMetadata(r.packages, files);
    packageSets.push({ path, analyzer: DPKG_ANALYZER, packages: r.packages });
  }
  return { packageSets, warnings };
}

/** Fill `files` and `licenses` of deb packages from the .list and copyright files present in `files`. */
export function attachDpkgMetadata(packages: Package[], files: ReadonlyMap<string, Buffer>): void {
  for (const pkg of packages) {
    const list = (pkg.arch ? files.get(`${INFO_DIR}${pkg.name}:${pkg.arch}.list`) : undefined) ?? files.get(`${INFO_DIR}${pkg.name}.list`);
    if (list) pkg.files = parseDpkgList(list);
    const copyright = files.get(`/usr/share/doc/${pkg.name}/copyright`);
    const licenses = copyright ? parseCopyright(copyright) : undefined;
    if (licenses && licenses.length > 0) pkg.licenses = licenses;
  }
}
