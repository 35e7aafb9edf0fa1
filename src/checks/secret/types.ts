/** Secret rules: what a rule is, and the compiled rule set the engine runs. */
import type { Severity } from "../../model/finding.js";

export interface SecretRule {
  /** Stable id, e.g. `aws-access-key-id`. */
  id: string;
  /** AWS, GitHub, PrivateKey, Generic… */
  category: string;
  title: string;
  severity: Severity;
  /** Must contain a named group `secret` (the part that is masked). Flags other than i/m/s/u are ignored. */
  regex: RegExp;
  /** Lower-case substrings: the regex runs only if the text contains one of them (empty = always). */
  keywords: string[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Only files whose path matches one of these are scanned by this rule. */
  paths?: RegExp[];
  /** Files whose path matches one of these are not scanned by this rule. */
  allowPaths?: RegExp[];
  /** A secret matching one of these is not reported (placeholders, examples). */
  allowSecrets?: RegExp[];
}

/** Allow rules applied to every rule. */
export interface SecretAllowRule {
  id: string;
  description?: string;
  /** Skip files whose path matches. */
  path?: RegExp;
  /** Skip matches whose secret (or matched line) matches. */
  regex?: RegExp;
}

export interface SecretRuleSet {
  rules: SecretRule[];
  allow: SecretAllowRule[];
  /** Files above this many bytes are skipped (default 10 MiB). */
  maxFileSize: number;
}

export const DEFAULT_MAX_SECRET_FILE_SIZE = 10 * 1024 * 1024;
