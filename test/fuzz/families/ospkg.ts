/**
 * OS package databases and OS identity: dpkg status (+ status.d) and DEP-5 copyright files, apk's
 * installed db, rpm header blobs and the BerkeleyDB / NDB files that hold them (not SQLite: reworked
 * elsewhere), and os-release / release files. Seeds: the real databases under fixtures/pkgdb.
 */
import { readFileSync } from "node:fs";
import { parseDpkgStatus } from "../../../src/analyzer/pkg/dpkg/status.js";
import { parseCopyright } from "../../../src/analyzer/pkg/dpkg/licenses.js";
import { parseApkInstalled } from "../../../src/analyzer/pkg/apk/parse-installed.js";
import { readBdbBlobs } from "../../../src/analyzer/pkg/rpm/bdb.js";
import { readNdbBlobs } from "../../../src/analyzer/pkg/rpm/ndb.js";
import { parseRpmHeader } from "../../../src/analyzer/pkg/rpm/header.js";
import { headerToPackage } from "../../../src/analyzer/pkg/rpm/package.js";
import { readRpmPackages } from "../../../src/analyzer/pkg/rpm/database.js";
import { detectOS, osPaths } from "../../../src/analyzer/os/detect.js";
import type { OSInfo } from "../../../src/model/package.js";
import { packageProblem, parseResultProblem } from "../checks.js";
import { fixture, fixtureFiles, fixtureSeeds, text } from "../seeds.js";
import type { FuzzTarget } from "../target.js";

const dpkgSeeds = (): Buffer[] => [
  ...fixtureSeeds(["pkgdb/dpkg/trivy-ubuntu-18.04/var/lib/dpkg/status", "pkgdb/dpkg/syft-image-dpkg/var/lib/dpkg/status"], 64 * 1024),
  ...fixtureSeeds(fixtureFiles("pkgdb/dpkg/syft-status-d-cases", /./, 10)),
  ...fixtureSeeds(["pkgdb/dpkg/syft-distroless/var/lib/dpkg/status.d/libsqlite3-0"]),
];

const copyrightSeed = text(
  "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
  "",
  "Files: *",
  "Copyright: 1995-2024 Someone",
  "License: GPL-2+ or Artistic, BSD-3-clause and Expat with exception",
  "",
  "License: GPL-2+",
  " On Debian systems the full text is in /usr/share/common-licenses/GPL-2.",
);

const apkSeeds = (): Buffer[] => fixtureSeeds(fixtureFiles("pkgdb/apk", /^installed$/, 10), 64 * 1024);

/** A few real header blobs from each real BerkeleyDB and NDB database. */
function rpmHeaderSeeds(): Buffer[] {
  const bdb = ["pkgdb/rpm/bdb-rhel8-libuuid/Packages", "pkgdb/rpm/bdb-syft-dive/Packages"].flatMap((p) => readBdbBlobs(readFileSync(fixture(p))).blobs.slice(0, 3));
  const ndb = readNdbBlobs(readFileSync(fixture("pkgdb/rpm/ndb-sle15.3-bci-minimal/Packages.db"))).blobs.slice(0, 4);
  return [...bdb, ...ndb].map((b) => Buffer.from(b));
}

function rpmHeaderRun(blob: Buffer): unknown {
  const h = parseRpmHeader(blob);
  return typeof h === "string" ? h : headerToPackage(h, "/var/lib/rpm/Packages");
}

const rpmHeaderCheck = (r: unknown): string | undefined => (typeof r === "object" && r !== null ? packageProblem(r as never) : undefined);

interface RpmDatabaseRun {
  file: number;
  blobs: number;
  result: unknown;
}

const rpmDatabaseRun = (file: Buffer, blobs: readonly Buffer[], result: unknown): RpmDatabaseRun => ({
  file: file.length,
  blobs: blobs.reduce((n, b) => n + b.length, 0),
  result,
});

/** Each byte of the file belongs to one record at most: the header blobs together are never larger than the file. */
function rpmDatabaseCheck(r: unknown): string | undefined {
  const run = r as RpmDatabaseRun;
  if (run.blobs > run.file) return `header blobs of ${run.blobs} bytes from a ${run.file}-byte file`;
  return parseResultProblem(run.result);
}

const osSeeds = (): Buffer[] => [
  ...fixtureSeeds(["pkgdb/dpkg/syft-image-dpkg/etc/os-release"]),
  text('NAME="Alpine Linux"', "ID=alpine", "VERSION_ID=3.20.1", 'PRETTY_NAME="Alpine Linux v3.20"'),
  text('PRETTY_NAME="Distroless"', "ID=debian", "VERSION_ID=12", "VERSION_CODENAME=bookworm"),
  text("DISTRIB_ID=Ubuntu", "DISTRIB_RELEASE=22.04", "DISTRIB_CODENAME=jammy"),
  text("CentOS Stream release 9"),
  text("Red Hat Enterprise Linux release 8.10 (Ootpa)"),
  text("SUSE Linux Enterprise Server 12 (x86_64)", "VERSION = 12", "PATCHLEVEL = 5"),
  text("12.4"),
  text("trixie/sid"),
];

/** The input read as each release file in turn. */
function osRun(input: Buffer): (OSInfo | undefined)[] {
  const now = new Date("2026-01-01T00:00:00Z");
  return osPaths.map((p) => detectOS(new Map([[p, input]]), { now }));
}

function osCheck(r: unknown): string | undefined {
  for (const os of r as (OSInfo | undefined)[]) {
    if (!os) continue;
    for (const [k, v] of Object.entries(os)) {
      const want = k === "eol" || k === "distroless" ? "boolean" : "string";
      if (typeof v !== want) return `OSInfo.${k} is ${typeof v}`;
    }
  }
  return undefined;
}

const dpkgTokens = ["Package: ", "Status: install ok installed", "Version: ", "Source: ", "Depends: ", " (", ") ", "|", "\n "];

export const ospkgTargets: FuzzTarget[] = [
  { name: "ospkg/dpkg-status", seeds: dpkgSeeds, tokens: dpkgTokens, run: (b) => parseDpkgStatus(b, "/var/lib/dpkg/status"), check: parseResultProblem },
  { name: "ospkg/dpkg-status-d", seeds: dpkgSeeds, tokens: dpkgTokens, run: (b) => parseDpkgStatus(b, "/var/lib/dpkg/status.d/x"), check: parseResultProblem },
  {
    name: "ospkg/dpkg-copyright",
    seeds: () => [copyrightSeed],
    tokens: ["License: ", " or ", " and ", " with ", "constructor", "__proto__", "GPL-2+", "Files: "],
    run: (b) => parseCopyright(b),
    check: (r) => (r === undefined || (Array.isArray(r) && r.every((x) => typeof x === "string")) ? undefined : "licences are not strings"),
  },
  { name: "ospkg/apk-installed", seeds: apkSeeds, tokens: ["P:", "V:", "A:", "o:", "L:", "D:", "F:", "R:", "\n\n"], run: (b) => parseApkInstalled(b, "/lib/apk/db/installed"), check: parseResultProblem },
  { name: "ospkg/rpm-header", seeds: rpmHeaderSeeds, run: rpmHeaderRun, check: rpmHeaderCheck },
  {
    name: "ospkg/rpm-bdb",
    seeds: () => fixtureSeeds(["pkgdb/rpm/bdb-rhel8-libuuid/Packages", "pkgdb/rpm/bdb-syft-dive/Packages"]),
    run: (b) => rpmDatabaseRun(b, readBdbBlobs(b).blobs, readRpmPackages("bdb", "/var/lib/rpm/Packages", b)),
    check: rpmDatabaseCheck,
  },
  {
    name: "ospkg/rpm-ndb",
    seeds: () => fixtureSeeds(["pkgdb/rpm/ndb-sle15.3-bci-minimal/Packages.db"], 256 * 1024),
    run: (b) => rpmDatabaseRun(b, readNdbBlobs(b).blobs, readRpmPackages("ndb", "/usr/lib/sysimage/rpm/Packages.db", b)),
    check: rpmDatabaseCheck,
  },
  {
    name: "ospkg/os-release",
    seeds: osSeeds,
    tokens: ["ID=", "VERSION_ID=", "VERSION_CODENAME=", "constructor", "__proto__", "toString", "debian", "alpine", "centos", '"'],
    run: osRun,
    check: osCheck,
  },
];
