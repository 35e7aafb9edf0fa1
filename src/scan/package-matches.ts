/**
 * Findings of one package kept across inventories matched against one database (a server re-matching its
 * fleet: images share most of their packages). Keyed by the image's OS, the matcher, the package's identity
 * and the severity choice; an entry also holds the (namespace, package) rows the matcher looked up and its
 * warnings, replayed on a hit so a recording store and the report see what a fresh match would give. The
 * cache belongs to one opened database: entries never outlive the data they came from.
 */
import type { VulnerabilityFinding } from "../model/finding.js";
import { lru, type Lru } from "../util/lru.js";

export interface PackageMatch {
  findings: readonly VulnerabilityFinding[];
  lookups: readonly (readonly [string, string])[];
  warnings: readonly string[];
}

export type PackageMatchCache = Lru<string, PackageMatch>;

export const DEFAULT_PACKAGE_MATCHES = 50_000;

export const packageMatchCache = (max = DEFAULT_PACKAGE_MATCHES): PackageMatchCache => lru<string, PackageMatch>(max);
