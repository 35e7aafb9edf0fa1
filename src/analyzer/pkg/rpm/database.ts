/**
 * The rpm databases of a file view (one layer, or the merged image), in all three formats, under
 * /var/lib/rpm and /usr/lib/sysimage/rpm. BerkeleyDB and NDB are parsed in place; SQLite is read by a
 * child process from a private copy under `tmpDir` (./sqlite.ts). The analyzer calls it per layer and the
 * merge step can call it on the merged view (e.g. a -wal from a later layer).
 */
import type { Package } from "../../../model/package.js";
import type { PackageSet } from "../../types.js";
import { readBdbBlobs } from "./bdb.js";
import type { BlobRead } from "./blobs.js";
import { parseRpmHeader } from "./header.js";
import { readNdbBlobs } from "./ndb.js";
import { resolveRpmDependencies, type HeaderPackage } from "./depends.js";
import { headerToPackage } from "./package.js";
import { readSqliteBlobs, type SqliteReadOptions } from "./sqlite.js";
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

type RpmPackages = { packages: Package[]; warnings: string[] };

/** Parse the header blobs of one BerkeleyDB or NDB database file into packages (warnings name the file). */
export function readRpmPackages(format: Exclude<Format, "sqlite">, path: string, content: Buffer): RpmPackages {
  return named(packagesOf(readInPlace(format, content), path), path);
}

const readInPlace = (format: Exclude<Format, "sqlite">, content: Buffer): BlobRead =>
  format === "bdb" ? readBdbBlobs(content) : readNdbBlobs(content);

/** The same for rpmdb.sqlite (+ its -wal); rejects with CANCELLED when `opts.signal` aborts. */
export async function readRpmSqlite(path: string, content: Buffer, wal?: Buffer, opts: SqliteReadOptions = {}): Promise<RpmPackages> {
  return named(packagesOf(await readSqliteBlobs(content, wal, opts), path), path);
}

const named = (r: RpmPackages, path: string): RpmPackages => ({ ...r, warnings: r.warnings.map((w) => `${path}: ${w}`) });

/** Packages of the blobs; warnings without the file name. */
function packagesOf(read: BlobRead, path: string): RpmPackages {
  const warnings = [...read.warnings];
  const entries: HeaderPackage[] = [];
  read.blobs.forEach((blob, i) => {
    const header = parseRpmHeader(blob);
    const pkg = typeof header === "string" ? header : headerToPackage(header, path);
    if (typeof pkg === "string") {
      if (warnings.length < MAX_WARNINGS) warnings.push(`header ${i + 1}: ${pkg}`);
    } else if (pkg && typeof header !== "string") entries.push({ pkg, header });
  });
  resolveRpmDependencies(entries);
  return { packages: entries.map((e) => e.pkg), warnings };
}

/** Every database of `files`; each warning comes with its file's path (not repeated in the message). */
export async function readRpmDatabase(
  files: ReadonlyMap<string, Buffer>,
  opts: SqliteReadOptions = {},
): Promise<{ packageSets: PackageSet[]; warnings: Warning[] }> {
  const packageSets: PackageSet[] = [];
  const warnings: Warning[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const format = rpmDatabaseFormat(path);
    if (format === undefined) continue;
    const read = format === "sqlite" ? await readSqliteBlobs(content, files.get(`${path}-wal`), opts) : readInPlace(format, content);
    const r = packagesOf(read, path);
    for (const message of r.warnings) warnings.push({ message, path });
    packageSets.push({ path, analyzer: RPM_ANALYZER, packages: r.packages });
  }
  return { packageSets, warnings };
}
