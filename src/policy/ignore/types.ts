/** Ignore rules read from `.dredgeignore` (plain) or `.dredgeignore.yaml`. Types only. */

export type IgnoreCategory = "vulnerabilities" | "misconfigurations" | "secrets" | "licenses";
export const ignoreCategories: readonly IgnoreCategory[] = ["vulnerabilities", "misconfigurations", "secrets", "licenses"];

export interface IgnoreRule {
  /** CVE/GHSA/… ID, misconfiguration rule ID, secret rule ID or licence name. */
  id: string;
  /** The section the rule came from; undefined (plain files) applies to every kind of finding. */
  category?: IgnoreCategory;
  /** Path globs (`**` supported); the finding's file must match one of them. */
  paths?: string[];
  /** Purls or purl prefixes; the finding's package must match one of them. */
  purls?: string[];
  /** Package names; the finding's package must be one of them. */
  packages?: string[];
  /** Last day (UTC, YYYY-MM-DD) the rule suppresses findings. */
  expires?: string;
  reason?: string;
  /** The ignore file and 1-based line of the entry, for warnings and `suppressed.source`. */
  file: string;
  line: number;
}

export interface IgnoreRules {
  /** The files the rules were read from. */
  sources: string[];
  rules: IgnoreRule[];
}
