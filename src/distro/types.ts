/**
 * What Dredge knows about a distribution: one `DistroSpec` per folder (src/distro/<name>/index.ts), listed
 * once in ./registry.ts. Detection (analyzer/os), end of life (./eol.ts), purls (purl/), database
 * namespaces (ecosystem/, db/) and matching (matcher/distro/) read it from there.
 */
import type { AffectedRecord, SourceName } from "../db/model.js";
import type { DistroEcosystem } from "../ecosystem/types.js";
import type { OSInfo, Package } from "../model/package.js";
import type { SchemeId } from "../versioning/types.js";

/** What os-release or a release file says. */
export interface ReleaseFacts {
  family: string;
  name: string;
  codename?: string;
  prettyName?: string;
}

/** The text of one of the image's files (its first 64 KiB), undefined when the image has none. */
export type ReadFile = (path: string) => string | undefined;
/** What the OS analyzer reported for one file of the merged image (the merge step has no contents). */
export type FileAnswer = (path: string) => OSInfo | undefined;

/** How a release picks its row of an end-of-life table: `9.4` → `9` (major), `3.16.2` → `3.16` (majorMinor). */
export type EolKey = "major" | "majorMinor" | "exact";

export interface EolTable {
  key: EolKey;
  /** Release key → last day of support (YYYY-MM-DD). */
  dates: Readonly<Record<string, string>>;
}

/** One OS family (OSInfo.family): what os-release calls it and what becomes of its releases. */
export interface FamilySpec {
  id: string;
  /** os-release `ID`s that mean this family; the first is the id of purl `distro` qualifiers (`rhel-9.4`). */
  osReleaseIds: readonly string[];
  /** Other names tools give it (Trivy OS types, SBOM operating-system components): lower case. */
  aliases?: readonly string[];
  /** End of support per release; `rolling`: never. */
  eol?: EolTable | "rolling";
  /** A variant with its own end of life, told by the name (`CentOS Stream`). */
  variant?: { id: string; test: RegExp; eol: EolTable };
  /** os-release VERSION_ID (or a release file's number) → the release its feeds name. Default: as is. */
  release?(version: string): string;
  /** Namespace of its rpm purls when not its purl distro id (`redhat`, not `rhel`). */
  purlNamespace?: string;
  /** Its images can be distroless: `Distroless` in PRETTY_NAME, or dpkg `status.d` without `status`. */
  distroless?: boolean;
  /** Completes what os-release said with the family's own files (Alpine's patch release). */
  refine?(facts: ReleaseFacts, read: ReadFile): void;
  /** The same over the OS analyzer's per-file answers (the merge step). */
  refineAnswers?(os: OSInfo, answer: FileAnswer): void;
}

/** A release file: read when an image has no os-release. */
export interface ReleaseFile {
  path: string;
  /** Absent: the `<name> release <version>` lines of every distro (`releaseLines`). */
  parse?(text: string): ReleaseFacts | undefined;
  /** Other distros' images have it too (a copy, a symlink): tried after every distro's own files. */
  shared?: boolean;
}

/** `Rocky Linux release 9.4 (Blue Onyx)`: the first group is the release. */
export interface ReleaseLine {
  pattern: RegExp;
  family: string;
}

/** A file that is no OS answer of its own but that `refineAnswers` reads (Alpine's /etc/apk/repositories). */
export interface HintFile {
  path: string;
  parse(text: string): OSInfo | undefined;
}

/** What matching needs to know about a distro: where its advisories live and how it names versions. */
export interface MatchSpec {
  /** Namespaces to look in, in order of preference (the distro's own data first). */
  namespaces(os: OSInfo): string[];
  /** Names the advisories use for this package (source package, binary package…). */
  names(pkg: Package): string[];
  /** The version to compare with the advisory's ranges. */
  version(pkg: Package): string;
  /** rpm: packages whose Vendor does not match were not built by the distro and are not matched. */
  vendor?: RegExp;
  /**
   * The part of a record that is about this build of the package (CPU architecture, module stream, Ksplice:
   * see ./rpm-builds.ts), or undefined when none is. Absent: records apply as they are.
   */
  narrow?(record: AffectedRecord, pkg: Package): AffectedRecord | undefined;
  /** The feeds (src/db/sources/<id>) that are the vendor's own voice: preferred over OSV copies. */
  vendorSources: readonly SourceName[];
}

export interface DistroSpec extends Partial<MatchSpec> {
  /** The folder's name. */
  id: string;
  families: readonly FamilySpec[];
  /** Package type of its package database. */
  packageType: "deb" | "apk" | "rpm";
  scheme: SchemeId;
  releaseFiles?: readonly ReleaseFile[];
  releaseLines?: readonly ReleaseLine[];
  hintFiles?: readonly HintFile[];
  /** Codename → release (`bookworm` → `12`), for feeds and VEX documents that name releases so. */
  codenames?: Readonly<Record<string, string>>;
  /** rpm purls of an image whose OS is unknown: a Vendor that names the distro → purl namespace. */
  purlVendors?: readonly { vendor: RegExp; namespace: string }[];
  /** Its ecosystems in OSV and other names, with the database namespaces they fill (see ecosystem/). */
  ecosystems?: readonly DistroEcosystem[];
}

/** A distro Dredge has advisories for (the distro matcher serves it). */
export type MatchedDistro = DistroSpec & MatchSpec;
