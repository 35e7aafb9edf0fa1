/** Findings of a scan and the scan report every output format is written from. Types only. */
import type { CoverageEntry } from "./coverage.js";
import type { Platform } from "./image.js";
import type { InventoryGap } from "./inventory.js";
import type { LayerOrigin, OSInfo, PackageType } from "./package.js";
import type { PolicyEvaluation } from "./policy.js";

export type Severity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "NEGLIGIBLE" | "UNKNOWN";
export const severities: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NEGLIGIBLE", "UNKNOWN"];

/** The vendor's verdict on a package/vulnerability pair. */
/** `under_investigation`: the vendor has not triaged it yet (Ubuntu `needs-triage`, CSAF `under_investigation`): treated as affected. */
export type FindingStatus = "fixed" | "affected" | "under_investigation" | "will_not_fix" | "fix_deferred" | "end_of_life" | "not_affected" | "unknown";
export const findingStatuses: readonly FindingStatus[] = ["fixed", "affected", "under_investigation", "will_not_fix", "fix_deferred", "end_of_life", "not_affected", "unknown"];

/** `--sort`: the order of each target's vulnerabilities (risk: `riskScore`, highest first; package: by name). */
export type FindingOrder = "severity" | "risk" | "package";
export const findingOrders: readonly FindingOrder[] = ["severity", "risk", "package"];

export interface CvssScore {
  /** Who scored it: nvd, ghsa, redhat, debian, ubuntu… */
  source: string;
  version: "2.0" | "3.0" | "3.1" | "4.0";
  vector: string;
  baseScore: number;
}

export interface Suppression {
  kind: "ignorefile" | "vex" | "policy";
  reason?: string;
  /** VEX justification (e.g. vulnerable_code_not_in_execute_path). */
  justification?: string;
  /** Where the suppression came from (file path, VEX document id). */
  source?: string;
  expires?: string;
}

export interface FindingPackage {
  name: string;
  version: string;
  type: PackageType;
  purl: string;
  class: "os" | "library";
  source?: { name: string; version: string };
  path?: string;
  layer?: LayerOrigin;
  /** A development-only dependency (lockfiles): its findings count only with --include-dev-deps. */
  dev?: boolean;
}

/**
 * A package of a package target as the report lists it (`--list-all-pkgs`, CycloneDX/SPDX reports): the
 * finding package plus what SBOMs say about it. The version is the full one (rpm [epoch:]version-release).
 */
export interface ReportPackage extends FindingPackage {
  arch?: string;
  licenses?: string[];
  vendor?: string;
  /** Names of packages of the same type this one depends on, where known. */
  dependsOn?: string[];
}

/** `advisory`: the release date of the advisory shipping the fix; `build`: the first database build that carried it. */
export interface FixDate {
  date: string;
  origin: "advisory" | "build";
}

export interface VulnerabilityFinding {
  id: string;
  aliases: string[];
  title?: string;
  description?: string;
  package: FindingPackage;
  installedVersion: string;
  fixedVersions: string[];
  status: FindingStatus;
  severity: Severity;
  /** Which source the severity came from (debian, ubuntu, redhat, ghsa, nvd…). */
  severitySource?: string;
  /** Vendor wording, e.g. { debian: "unimportant" }, { ubuntu: "medium" }, { redhat: "Important" }. */
  vendorSeverity?: Record<string, string>;
  cvss: CvssScore[];
  cwes: string[];
  kev?: { dateAdded: string; dueDate?: string; knownRansomware?: boolean };
  epss?: { score: number; percentile: number; date?: string };
  references: string[];
  published?: string;
  modified?: string;
  /** When the fix first appeared, from the database's fix history (src/db/fix-history.ts); absent without a fix or a history. */
  fixAvailableSince?: FixDate;
  /** Vendor notes: no-dsa, postponed, unimportant… */
  notes?: string[];
  dataSource?: { id: string; name?: string; url?: string };
  riskScore?: number;
  suppressed?: Suppression;
}

export interface MisconfigFinding {
  id: string;
  title: string;
  severity: Severity;
  description: string;
  message: string;
  remediation?: string;
  references: string[];
  location?: { path?: string; startLine?: number; endLine?: number; layer?: LayerOrigin };
  suppressed?: Suppression;
}

export interface SecretFinding {
  ruleId: string;
  category: string;
  title: string;
  severity: Severity;
  path: string;
  startLine?: number;
  endLine?: number;
  /** The matched text with the secret masked (never the secret itself). */
  match: string;
  layer?: LayerOrigin;
  /** The file is deleted by a later layer but still ships in the image. */
  deletedInLaterLayer?: boolean;
  suppressed?: Suppression;
}

export type LicenseClass = "permissive" | "weak-copyleft" | "strong-copyleft" | "network-copyleft" | "unknown";

export interface LicenseFinding {
  license: string;
  classification: LicenseClass;
  severity: Severity;
  package?: FindingPackage;
  path?: string;
  suppressed?: Suppression;
}

/** One group of findings: an OS package set, one language file or binary, one config file, … */
export interface ScanTarget {
  /** What the group is, e.g. `debian 12.5 (os)`, `/usr/src/app/package-lock.json`, `image config`. */
  target: string;
  class: "os-pkgs" | "lang-pkgs" | "config" | "secret" | "license";
  /** deb, npm, dockerfile, kubernetes, … */
  type: string;
  /**
   * Every package of this target (os-pkgs and lang-pkgs only), with or without findings: present when the
   * report was built with a package listing (--list-all-pkgs, CycloneDX and SPDX reports), absent otherwise.
   */
  packages?: ReportPackage[];
  vulnerabilities: VulnerabilityFinding[];
  misconfigurations: MisconfigFinding[];
  secrets: SecretFinding[];
  licenses: LicenseFinding[];
}

export interface ReportLayer {
  index: number;
  diffId: string;
  digest?: string;
  size?: number;
  createdBy?: string;
  /** Part of the base image (from OCI base annotations or --base-image). */
  base?: boolean;
}

/** Upgrade advice for one package: the smallest version that fixes all its fixable findings. */
export interface PackageAdvice {
  name: string;
  type: string;
  purl: string;
  installed: string;
  upgradeTo: string;
  fixes: number;
  /** Findings of this package that no version fixes. */
  unfixed: number;
}

/** Where the findings come from: the base image's layers or the layers added on top. */
export interface BaseAdvice {
  baseLayers: number;
  fromBase: number;
  fromTop: number;
  /** Fixable findings in base layers: rebuilding on a newer base is where those fixes are. */
  fixableInBase: number;
  /** The base image's name without tag or digest (`docker.io/library/debian`): annotation, label or --base-image. */
  image?: string;
  /** The tag the image was built from (`12.5-slim`), when the name has one. */
  tag?: string;
  /** Newer tags of the same line in the base image's registry, newest first: present when it was asked. */
  newerTags?: string[];
  /** Why the registry was not asked for newer tags (`--offline`, not a registry image, no answer). */
  tagLookup?: string;
  advice?: string;
}

export interface ScanReport {
  schemaVersion: number;
  createdAt: string;
  tool: { name: string; version: string };
  artifact: {
    name: string;
    type: string;
    repoTags: string[];
    repoDigests: string[];
    manifestDigest?: string;
    imageId?: string;
    platform?: Platform;
    os?: OSInfo;
    layers: ReportLayer[];
    base?: { name?: string; digest?: string; layers?: number };
    /** The inventory was read from an SBOM, not from bytes Dredge verified. */
    unverified?: true;
  };
  /**
   * Files the OS or language package analyzers wanted were not read (over a size limit, past a layer's
   * analysis budget): packages may be missing. Set with `incompleteReasons`; absent when complete.
   */
  inventoryIncomplete?: true;
  incompleteReasons?: InventoryGap[];
  database?: { schemaVersion: number; builtAt: string; digest?: string; stale?: boolean };
  /**
   * The order of each target's vulnerabilities (`--sort`); the human formats keep it. Absent: by severity
   * (the writers sort them so).
   */
  sortedBy?: FindingOrder;
  /** Per OS / ecosystem / runtimes of the inventory: did the database have data for it (vuln scanner only). */
  coverage?: CoverageEntry[];
  targets: ScanTarget[];
  remediation?: { packages: PackageAdvice[]; base?: BaseAdvice };
  /** The policy evaluation (`--policy`): final action, each rule's result, the policy revision. */
  policy?: PolicyEvaluation;
  warnings: string[];
}
