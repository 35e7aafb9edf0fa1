/**
 * `--policy FILE` in the pipeline: the policy is loaded before anything slow, the scanners its rules read
 * are turned on, and each image's report gets its evaluation (`report.policy`). The policy sees every
 * finding of the scan — the display filters (--severity, --ignore-unfixed, --ignore-status) do not narrow
 * it — minus what ignore files and VEX suppress; --pkg-types and --include-dev-deps, which say what is
 * scanned, apply.
 */
import type { ImageConfig } from "../model/image.js";
import type { ScanReport, VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { PolicyEvaluation } from "../model/policy.js";
import { evaluatePolicy, imageNameOf, loadPolicyFile, policyFails, requiredScanners, type FindingSource, type FixSince, type LoadedPolicy, type PolicyFacts } from "../policy/index.js";
import { dredgeTool } from "../version.js";
import { filterFindings } from "./filter.js";
import type { ScanOptions } from "./options.js";
import { buildReport } from "./report.js";
import type { OtherFindings, ScannerName } from "./scanners.js";
import { applySuppressions } from "./suppress.js";

export type PolicyOptions = Pick<ScanOptions, "policy" | "failOnWarn">;

export const loadScanPolicy = (options: PolicyOptions): LoadedPolicy | undefined => (options.policy ? loadPolicyFile(options.policy) : undefined);

/** The scanners asked for plus those the policy's rules read. */
export function scannersWithPolicy(scanners: readonly ScannerName[], policy: LoadedPolicy | undefined): Set<ScannerName> {
  return new Set([...scanners, ...(policy ? requiredScanners(policy) : [])]);
}

/**
 * Where the CLI and the server take the date a fix became available from: the database's fix history, which the
 * matcher put on the finding (`fixAvailableSince`: the fixing advisory's release, or the first database build
 * carrying the fix); without one (a database built before it kept that history), the advisory's publication
 * date (docs/policy.md, "Fix dates").
 */
export const databaseFixDates: PolicyFacts = {
  fixAvailableSince: (f: VulnerabilityFinding): FixSince | undefined =>
    f.fixAvailableSince ?? (f.published ? { date: f.published, origin: "published" } : undefined),
};

export interface PolicyScanInput {
  policy: LoadedPolicy;
  inventory: Inventory;
  /** Every match of the inventory, before the display filters. */
  matches: readonly VulnerabilityFinding[];
  /** Secrets, misconfigurations and licences, before the severity filter. */
  other: OtherFindings;
  database?: ScanReport["database"];
  /** What the database could check (the data-unavailable trigger). */
  coverage?: ScanReport["coverage"];
  config?: ImageConfig;
  scanners: ReadonlySet<ScannerName>;
  baseLayers?: number;
  now?: Date;
  facts?: PolicyFacts;
}

/** The evaluation of one scanned image (see the module comment for which findings it sees). */
export function evaluateScanPolicy(input: PolicyScanInput, options: Pick<ScanOptions, "pkgTypes" | "includeDevDeps" | "ignorefile" | "vex" | "baseImage">): PolicyEvaluation {
  const findings = filterFindings(input.matches, { pkgClasses: options.pkgTypes, includeDevDeps: options.includeDevDeps });
  const built = buildReport({
    inventory: input.inventory, findings, other: input.other, tool: dredgeTool(), database: input.database, coverage: input.coverage, warnings: [],
    baseLayers: input.baseLayers, baseImage: input.baseLayers !== undefined ? options.baseImage : undefined,
  });
  const view = applySuppressions(built, options, input.now);
  const scanned = new Set<FindingSource>([...input.scanners].filter((s): s is FindingSource => s !== "license"));
  return evaluatePolicy(input.policy, {
    report: view,
    packages: input.inventory.packages,
    ...(input.config ? { config: input.config } : {}),
    ...(input.inventory.target.created ? { created: input.inventory.target.created } : {}),
    image: imageNameOf(view.artifact),
    scanned,
    facts: input.facts ?? databaseFixDates,
    now: input.now ?? new Date(),
  });
}

/** How many reports' evaluations fail the gate (STOP; WARN too with --fail-on-warn). */
export const policyFailures = (reports: readonly ScanReport[], failOnWarn: boolean): number =>
  reports.filter((r) => r.policy && policyFails(r.policy, failOnWarn)).length;
