/**
 * The rpm databases of a file view (one layer, or the merged image), in all three formats, under
 * /var/lib/rpm and /usr/lib/sysimage/rpm. Pure apart from the SQLite temp files; the analyzer calls it
 * per layer and the merge step can call it on the merged view (e.g. a -wal from a later layer).
 */
import type { Package } from "../../../model/package.js";
import type { PackageSet } from "../../types.js";
import { readBdbBlobs } from "./bdb.js";
import type { BlobRead } from "./blobs.js";
import { parseRpmHeader } from "./header.js";
import { readNdbBlobs } from "./ndb.js";
import { resolveRpmDependencies, type HeaderPackage } from "./depends.js";
import { headerToPackage } from "./package.js";
import { readSqliteBlobs } from "./sqlite.js";
import { ownValue } from "../../../util/own.js";

export const RPM_ANALYZER = "rpm";
const DIRS = ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/"];
type Format = "bdb" | "ndb" | "sqlite";
const FILES: Record<string, Format> = { Packages: "bdb", "Packages.db": "ndb", "rpmdb.sqlite": "sqlite" };
const MAX_WARNINGS = 25;

export interface Warning {
  message: string;
  path: string;
}

export function rpmDatabaseFormat(path: string): Format | undefined {
  const dir = DIRS.find((d) => path.startsWith(d));
  return dir === undefined ? undefined : ownValue(FILES, path.slice(dir.length));
}

/** Database files and the SQLite -wal sibling. */
export function isRpmFile(path: string): boolean {
  if (path.endsWith("-wal")) return rpmDatabaseFormat(path.slice(0, -4)) === "sqlite";
  return rpmDatabaseFormat(path) !== undefined;
}

/** Parse the header blobs of one database file into packages. */
export function readRpmPackages(format: Format, path: string, content: Buffer, wal?: Buffer): { packages: Package[]; warnings: string[] } {
  const read: BlobRead =
    format === "bdb" ? readBdbBlobs(content) : format === "ndb" ? readNdbBlobs(content) : readSqliteBlobs(content, wal);
  const warnings = read.warnings.map((w) => `${path}: ${w}`);
  const entries: HeaderPackage[] = [];
  read.blobs.forEach((blob, i) => {
    const header = parseRpmHeader(blob);
    const pkg = typeof header === "string" ? header : headerToPackage(header, path);
    if (typeof pkg === "string") {
      if (warnings.length < MAX_WARNINGS) warnings.push(`${path}: header ${i + 1}: ${pkg}`);
    } else if (pkg && typeof header !== "string") entries.push({ pkg, header });
  });
  resolveRpmDependencies(entries);
  return { packages: entries.map((e) => e.pkg), warnings };
}

export function readRpmDatabase(files: ReadonlyMap<string, Buffer>): { packageSets: PackageSet[]; warnings: Warning[] } {
  const packageSets: PackageSet[] = [];
  const warnings: Warning[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const format = rpmDatabaseFormat(path);
    if (format === undefined) continue;
    const r = readRpmPackages(format, path, content, format === "sqlite" ? files.get(`${path}-wal`) : undefined);
    for (const message of r.warnings) warnings.push({ message, path });
    packageSets.push({ path, analyzer: RPM_ANALYZER, packages: r.packages });
  }
  return { packageSets, warnings };
}
