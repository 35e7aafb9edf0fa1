/**
 * Types of the vulnerability database (see docs/database.md). A feed module turns raw upstream records into
 * `FeedOutput` rows; the store writes and reads them. Namespaces and package names are normalised by
 * ./namespace.ts before they reach the store.
 */
import type { SchemeId } from "../versioning/types.js";

/** Names of the feed modules (`--source NAME`). */
export type SourceName =
  | "osv" | "debian" | "alpine" | "ubuntu" | "redhat" | "nvd" | "kev" | "epss"
  | "amazon" | "oracle" | "mariner"
  | "photon" | "suse" | "wolfi" | "chainguard" | "ubuntu-tracker";

/** What a vulnerable package's row says about the package in its namespace. */
/** `under_investigation`: not triaged yet (Ubuntu `needs-triage`, CSAF `under_investigation`); matched as affected. */
export type AffectedStatus = "fixed" | "affected" | "under_investigation" | "will_not_fix" | "fix_deferred" | "end_of_life" | "not_affected";

/** Version scheme ids: those of src/versioning (`versioning.get(id)`). */
export type VersionSchemeId = SchemeId;

/** One OSV-style event; exactly one key is set. */
export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/**
 * A version range, close to OSV: `type` is "ecosystem" (compare with the namespace's scheme) or "semver";
 * `events` are OSV events in order. Feeds whose upstream gives a constraint string instead (none yet)
 * set `constraint` and leave `events` empty.
 */
export interface VersionRange {
  type: "ecosystem" | "semver" | "git";
  scheme: VersionSchemeId;
  events: RangeEvent[];
  constraint?: string;
  /** The range holds only for these builds of the package (Oracle: per CPU architecture, module stream, Ksplice). */
  qualifiers?: RangeQualifiers;
}

/** Which builds of an rpm a range is about; the distro's MatchSpec.applies decides (src/distro/rpm-builds.ts). */
export interface RangeQualifiers {
  /** CPU architectures (`x86_64`, `aarch64`); absent: every one. */
  arch?: string[];
  /** Module stream `name:stream` (`httpd:2.4`): only packages of that stream. */
  module?: string;
  /** Ksplice user-space builds (release `…ksplice1…`): only they, and never ordinary builds. */
  ksplice?: boolean;
}

export interface Severity {
  /** Who scored it: "nvd", "ghsa", "redhat", "ubuntu", "debian"… (the feed or the OSV `source`). */
  source: string;
  /** "CVSS_V2" | "CVSS_V3" | "CVSS_V4" | "vendor" */
  type: string;
  /** CVSS vector, when there is one. */
  vector?: string;
  score?: number;
  /** Rating word: low, medium, high, critical, or the vendor's own (e.g. Ubuntu "negligible"). */
  rating?: string;
}

export interface Reference {
  url: string;
  type?: string;
}

/** One vulnerability (or advisory) as one source describes it. */
export interface VulnerabilityRecord {
  id: string;
  source: SourceName;
  aliases: string[];
  /** Related ids that are not aliases (an ALSA's CVEs, a USN's Ubuntu CVEs). */
  related: string[];
  title?: string;
  description?: string;
  severities: Severity[];
  cwes: string[];
  references: Reference[];
  published?: string;
  modified?: string;
  withdrawn?: string;
}

/** One package in one namespace affected by one vulnerability, according to one source. */
export interface AffectedPackage {
  vulnerabilityId: string;
  source: SourceName;
  /** e.g. `debian:12`, `alpine:3.16`, `npm`, `pypi` (see ./namespace.ts). */
  namespace: string;
  /** Normalised per ecosystem (PEP 503 for PyPI, `group:artifact` for Maven, lower case npm). */
  packageName: string;
  status: AffectedStatus;
  ranges: VersionRange[];
  /** Explicitly listed affected versions (OSV `versions`). */
  versions: string[];
  fixedVersions: string[];
  /** Vendor severity word (Debian urgency is separate). */
  severity?: string;
  urgency?: string;
  /** Free text from the vendor: no-dsa reason, "Will not fix", availability… */
  notes?: string[];
  /** Vendor advisory ids (DSA/DLA, RHSA, ALSA, USN). */
  advisories?: string[];
  /** Binary packages built from this source package, when the feed lists them (Ubuntu). */
  binaries?: string[];
}

export interface KevEntry {
  cveId: string;
  vendorProject?: string;
  product?: string;
  name?: string;
  dateAdded?: string;
  dueDate?: string;
  knownRansomwareCampaignUse?: string;
  shortDescription?: string;
  requiredAction?: string;
  notes?: string;
  cwes: string[];
}

export interface EpssEntry {
  cveId: string;
  score: number;
  percentile: number;
  date?: string;
}

/** What one raw record turns into. */
export interface FeedOutput {
  vulnerabilities: VulnerabilityRecord[];
  affected: AffectedPackage[];
  kev?: KevEntry[];
  epss?: EpssEntry[];
}

/** A row read back by `AdvisoryStore.lookup`. */
export type AffectedRecord = AffectedPackage;

/** `AdvisoryStore.vulnerability(id)`: the per-source descriptions plus the alias group. */
export interface Advisory {
  id: string;
  aliases: string[];
  /** Canonical id of the alias group (a CVE when there is one); matchers dedupe findings by it. */
  group: string;
  records: VulnerabilityRecord[];
}

export interface SourceMetadata {
  name: string;
  location: string;
  lastUpdate: string;
  records: number;
  stored: number;
  skipped: number;
}

export interface DatabaseMetadata {
  schemaVersion: number;
  builtAt: string;
  sources: SourceMetadata[];
  /** Namespaces present, with row counts. */
  namespaces: { namespace: string; rows: number }[];
}
