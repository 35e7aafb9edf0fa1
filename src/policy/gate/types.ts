/**
 * The contract of a policy gate: a named group of triggers, each with a params schema (zod, strict) and a
 * pure `evaluate` from the image's facts to hits. Gates never read files, the clock or the environment:
 * everything comes in `PolicySubject`.
 */
import type { z } from "zod";
import type { ImageConfig } from "../../model/image.js";
import type { ScanReport, VulnerabilityFinding } from "../../model/finding.js";
import type { Package } from "../../model/package.js";

export { policyActions, type PolicyAction } from "../../model/policy.js";

/** The scanners whose findings a gate reads (they must have run for its rules to be evaluated). */
export type FindingSource = "vuln" | "secret" | "misconfig";

/** The image as mappings and the `latest` trigger see it. */
export interface ImageName {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Everything an evaluation may look at. Built by the pipeline (src/scan/policy.ts) from a scan, or by the
 * server from a stored inventory, findings and the database.
 */
export interface PolicySubject {
  /** Findings (suppressed ones are skipped), artifact metadata (layers, base, OS), the database. */
  report: ScanReport;
  /** Every package of the inventory. */
  packages: readonly Package[];
  /** The image config; absent for directories and SBOMs (image-config rules are then skipped). */
  config?: ImageConfig;
  /** The image's creation time (config `created`), when known. */
  created?: string;
  image: ImageName;
  /** The scanners that ran: rules of gates reading other findings are skipped, not passed silently. */
  scanned: ReadonlySet<FindingSource>;
  /** Database facts. */
  facts: PolicyFacts;
  now: Date;
}

/** Where a fix date came from: the database's fix history (`advisory`, `build`) or, without one, the advisory's publication. */
export interface FixSince {
  date: string;
  origin: "advisory" | "build" | "published";
}

export interface PolicyFacts {
  /**
   * When a fix for this finding became available, when known: the database's fix history (the finding's
   * `fixAvailableSince`), else the advisory's publication date (docs/policy.md, "Fix dates").
   */
  fixAvailableSince(f: VulnerabilityFinding): FixSince | undefined;
}

/** One thing a rule found. `findingId` and `package` are what allowlist items match. */
export interface Hit {
  message: string;
  /** A vulnerability/check/secret-rule/licence id, or `gate:trigger` for image-level hits. */
  findingId: string;
  aliases?: readonly string[];
  /** Package name and purl, when the hit is about a package. */
  package?: string;
  purl?: string;
  /** Publication date of the vulnerability (the grace window). */
  published?: string;
}

export type TriggerResult = { hits: Hit[] } | { skipped: string };

export interface Trigger<P = unknown> {
  description: string;
  params: z.ZodType<P>;
  evaluate(params: P, subject: PolicySubject): TriggerResult;
}

export interface Gate {
  name: string;
  description: string;
  /** Findings this gate reads (the pipeline turns these scanners on). */
  needs?: FindingSource;
  /** Whether the grace window for new CVEs applies to this gate's STOP hits. */
  grace?: boolean;
  triggers: Readonly<Record<string, Trigger<never>>>;
}

/** A trigger with its params type erased, for the registry. */
export const trigger = <P>(t: Trigger<P>): Trigger<never> => t as unknown as Trigger<never>;
