/**
 * The comparison of two images (or SBOMs, or Dredge JSON reports): what `dredge diff` prints and what the
 * server's "compare two images" returns. Types only; the JSON shape is diff-v1.schema.json.
 */
import type { FindingStatus, Severity } from "../model/finding.js";
import type { PolicyAction } from "../model/policy.js";

/** What an argument of the comparison was read as. */
export type DiffInputKind = "image" | "sbom" | "report";
export const diffInputKinds: readonly DiffInputKind[] = ["image", "sbom", "report"];

/** One side of the comparison, as the diff describes it. */
export interface DiffSideInfo {
  /** The argument as given (image reference, file path). */
  name: string;
  kind: DiffInputKind;
  /** The image's manifest digest, when known. */
  digest?: string;
  /** `debian 12`, when an OS was found. */
  os?: string;
  /** The database the findings came from (for a report input: the one it was scanned with). */
  database?: { builtAt: string; schemaVersion: number; digest?: string };
  /** False when the side lists only vulnerable packages (a JSON report scanned without --list-all-pkgs). */
  packagesListed: boolean;
  packages: number;
  vulnerabilities: number;
  /** The policy verdict (--policy, or the one a report input carries). */
  policy?: PolicyAction;
}

/** A package, keyed by type + namespace + name; every version of it in the image (sorted). */
export interface DiffPackage {
  type: string;
  namespace?: string;
  name: string;
  versions: string[];
  /** The purl of the first version (for links and tools). */
  purl: string;
}

export interface ChangedPackage {
  type: string;
  namespace?: string;
  name: string;
  oldVersions: string[];
  newVersions: string[];
  purl: string;
}

/** A vulnerability of a package, keyed by id + package (type, namespace, name). */
export interface DiffVulnerability {
  id: string;
  aliases: string[];
  severity: Severity;
  package: { type: string; namespace?: string; name: string; versions: string[]; purl: string };
  status: FindingStatus;
  fixedVersions: string[];
  title?: string;
  kev?: boolean;
  /** The link a reader follows to learn more. */
  url?: string;
}

export type SeverityCounts = Record<Severity, number>;

export interface DiffSummary {
  packages: { added: number; removed: number; changed: number; unchanged: number };
  vulnerabilities: { new: number; resolved: number; unchanged: number; newBySeverity: SeverityCounts; resolvedBySeverity: SeverityCounts };
  /** The policy verdict on each side (--policy); `changed` when they differ. */
  policy?: { old?: PolicyAction; new?: PolicyAction; changed: boolean };
}

export interface ImageDiff {
  schemaVersion: 1;
  createdAt: string;
  tool: { name: string; version: string };
  old: DiffSideInfo;
  new: DiffSideInfo;
  summary: DiffSummary;
  packages: { added: DiffPackage[]; removed: DiffPackage[]; changed: ChangedPackage[] };
  vulnerabilities: { new: DiffVulnerability[]; resolved: DiffVulnerability[] };
  /** The gate (`--exit-code` with `--severity`): the severities that count, and the new findings among them. */
  gate: { severities: Severity[]; newFindings: number };
  warnings: string[];
}
