/** Matchers: a package + the database → the vulnerability rows that affect it. */
import type { AdvisoryStore } from "../db/store.js";
import type { AffectedRecord } from "../db/model.js";
import type { OSInfo, Package } from "../model/package.js";
import type { SchemeId } from "../versioning/types.js";

export interface MatchContext {
  store: AdvisoryStore;
  os?: OSInfo;
  /** Warnings for the report (unknown version formats, unsupported distro release…). */
  warn(message: string): void;
}

/** A database row that applies to a package, with the version compared and the scheme used. */
export interface RawMatch {
  pkg: Package;
  record: AffectedRecord;
  scheme: SchemeId;
  /** The version that was compared (deb: the source version; rpm: [epoch:]version-release). */
  installed: string;
  /** Matched on the distro's own data (vendor verdicts apply), not on a language ecosystem. */
  distro: boolean;
}

export interface Matcher {
  id: string;
  /** Whether this matcher handles the package (given the image's OS). */
  handles(pkg: Package, os: OSInfo | undefined): boolean;
  match(pkg: Package, ctx: MatchContext): RawMatch[];
}
