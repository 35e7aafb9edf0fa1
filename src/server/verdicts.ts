/**
 * Policy verdicts of stored images: the active policy (src/server/catalog/policies.ts) evaluated on an
 * image's stored inventory and its findings against the database in use. An evaluation is computed once
 * per key — digest, when the inventory was stored, policy revision, database version — and stored; a new
 * policy, a new database or a new inventory makes a new key, so the verdict is recomputed on the next read
 * and the old rows stay as history. Nothing here scans: an image the catalog does not hold is `unknown`,
 * and so is an unverified one (an uploaded SBOM or inventory) unless the operator allows unverified sources.
 */
import { severities, type ScanReport } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import { packageClasses } from "../model/package.js";
import type { PolicyEvaluation } from "../model/policy.js";
import { evaluatePolicy, imageNameOf, parsePolicy, type ImageName, type LoadedPolicy } from "../policy/index.js";
import { databaseFixDates } from "../scan/policy.js";
import type { Catalog, ImageRecord } from "./catalog/catalog.js";
import type { PolicyStore, StoredPolicy } from "./catalog/policies.js";
import type { FindingsService, ReportFilters } from "./findings.js";

export type Verdict =
  | { status: "no-policy" }
  | { status: "unknown"; reason: "not-in-catalog" | "unverified"; detail: string; policy: PolicyRef }
  | { status: "evaluated"; cached: boolean; policy: PolicyRef; dbVersion: string; storedAt: string; evaluation: PolicyEvaluation };

export interface PolicyRef {
  id: string;
  name: string;
  revision: string;
}

export interface VerdictService {
  /**
   * The active policy's verdict on a stored image (never scans); `report`: the image's unfiltered report against the
   * database in use, when the caller has it, and `inventory` the inventory it is of (stored at `storedAt`).
   */
  check(digest: string, now?: Date, report?: ScanReport, inventory?: { inventory: Inventory; storedAt: number }): Promise<Verdict>;
  /**
   * The verdict on what a manifest digest names: an image (as `check`), or an index (multi-platform) whose
   * platform images a scan stored — the worst of their verdicts (STOP over WARN over GO; unknown when any is).
   */
  checkManifest(digest: string, now?: Date): Promise<Verdict>;
  /** Namespace globs of the active policy's `breakGlass` (none: nowhere; no policy: undefined). */
  breakGlassNamespaces(): Promise<readonly string[] | undefined>;
  /** Drops the verdicts remembered in memory (call after a catalog or policy write: ./catalog/catalog.ts `observedCatalog`). */
  forget(): void;
  /** Up to `limit` images whose current verdict is not stored yet (none without an active policy), most recently seen first. */
  pending(limit: number): Promise<string[]>;
}

export interface VerdictDeps {
  catalog: Catalog;
  findings: FindingsService;
  policies: PolicyStore;
  /** Evaluate unverified images (uploaded SBOMs and inventories) too (`--policy-allow-unverified`). */
  allowUnverified: boolean;
  /** The images a scan stored for a manifest digest (an index resolves to its platform images); absent: none. */
  imagesOf?(manifestDigest: string): Promise<readonly string[] | undefined>;
  /**
   * Answer a digest checked less than this long ago from memory (`WARM_VERDICT_MS`), for the same policy
   * revision and database version; 0 or absent: never. Only for a service whose catalog and policy writes
   * call `forget` (src/server/server.ts).
   */
  warmMs?: number;
  /**
   * The image's report for `filters` and its inventory from its stored match (src/server/fleet/stored-report.ts), so an
   * evaluation on a miss parses and matches no inventory; absent: computed from the stored inventory.
   */
  stored?(digest: string, filters: ReportFilters): Promise<{ storedAt: number; report: ScanReport; inventory: Inventory } | undefined>;
}

type Source = { storedAt: number; report: ScanReport; inventory: Inventory };

/** What an evaluation reads: the caller's report and inventory, else the stored match, else the stored inventory (and its report). */
async function sourceOf(deps: VerdictDeps, digest: string, storedAt: number, given?: ScanReport, known?: { inventory: Inventory; storedAt: number }): Promise<Source | undefined> {
  if (given && known?.storedAt === storedAt) return { storedAt, report: given, inventory: known.inventory };
  if (!given && deps.stored) return deps.stored(digest, everything);
  const stored = await deps.catalog.getStoredInventory(digest);
  if (!stored) return undefined;
  const report = given ?? (await deps.findings.report({ digest, storedAt: stored.storedAt }, stored.inventory, everything, false));
  return { storedAt: stored.storedAt, report, inventory: stored.inventory };
}

const rank = (v: Verdict): number =>
  v.status === "unknown" ? 4 : v.status !== "evaluated" ? 0 : v.evaluation.finalAction === "STOP" ? 3 : v.evaluation.finalAction === "WARN" ? 2 : 1;

/** What a policy sees of the findings: all of them (display filters never narrow it), minus suppressions. */
export const everything: ReportFilters = { severity: [...severities], ignoreUnfixed: false, pkgTypes: [...packageClasses], ignoreStatus: [] };

const MAX_PARSED = 32;
const MAX_MEMO = 2000;
/**
 * How long a verdict answered from memory stays good without reading the catalog again (the warm path of
 * admission reviews and proxied pulls): writes through this process's catalog and policy store drop it at
 * once (`forget`); this bounds how late a change made by another server on the same database, or by
 * retention, is seen.
 */
export const WARM_VERDICT_MS = 2000;

export function nameOf(image: ImageRecord, fallback: ImageName): ImageName {
  if (!image.repo) return { ...fallback, digest: image.digest };
  return { registry: image.registry ?? "", repository: image.repo, ...(image.tag ? { tag: image.tag } : {}), digest: image.digest };
}

/**
 * A policy evaluated on a stored image: its inventory and its unfiltered report. The server stores inventories
 * and matches vulnerabilities; secret and misconfiguration rules are skipped.
 */
export function evaluateStored(policy: LoadedPolicy, image: ImageRecord, inventory: Inventory, report: ScanReport, now: Date): PolicyEvaluation {
  return evaluatePolicy(policy, {
    report,
    packages: inventory.packages,
    ...(inventory.target.created ? { created: inventory.target.created } : {}),
    image: nameOf(image, imageNameOf(report.artifact)),
    scanned: new Set(["vuln"]),
    facts: databaseFixDates,
    now,
  });
}

export function verdictService(deps: VerdictDeps): VerdictService {
  const parsed = new Map<string, LoadedPolicy>();
  const loaded = (p: StoredPolicy & { document: string }): LoadedPolicy => {
    const hit = parsed.get(p.revision);
    if (hit) return hit;
    const policy = parsePolicy(p.document, `policy ${p.name}`);
    parsed.set(p.revision, policy);
    if (parsed.size > MAX_PARSED) parsed.delete(parsed.keys().next().value!);
    return policy;
  };
  // Evaluations read or computed, by key: a warm verdict is a few indexed lookups and no JSON parsing.
  const memo = new Map<string, PolicyEvaluation>();
  const remember = (key: string, e: PolicyEvaluation) => {
    memo.set(key, e);
    if (memo.size > MAX_MEMO) memo.delete(memo.keys().next().value!);
  };
  // Verdicts by manifest or image digest, with the policy revision and database version they were answered
  // for: a warm check reads the (cached) active policy and nothing else.
  const warm = new Map<string, { verdict: Verdict; revision: string; dbVersion: string; until: number }>();
  const fresh = (key: string, revision: string): Verdict | undefined => {
    const w = warm.get(key);
    return w && w.revision === revision && w.dbVersion === deps.findings.version() && Date.now() < w.until ? w.verdict : undefined;
  };
  const keep = (key: string, revision: string, verdict: Verdict): Verdict => {
    if (verdict.status === "no-policy" || !deps.warmMs) return verdict;
    if (warm.size >= MAX_MEMO) warm.delete(warm.keys().next().value!);
    const kept = verdict.status === "evaluated" ? { ...verdict, cached: true } : verdict;
    warm.set(key, { verdict: kept, revision, dbVersion: deps.findings.version(), until: Date.now() + deps.warmMs });
    return verdict;
  };
  const service: VerdictService = {
    forget: () => warm.clear(),
    async pending(limit) {
      const active = await deps.policies.active();
      return active ? deps.policies.unevaluated(active.revision, deps.findings.version(), limit, deps.allowUnverified) : [];
    },
    async breakGlassNamespaces() {
      const active = await deps.policies.active();
      return active ? loaded(active).document.breakGlass.namespaces : undefined;
    },
    async checkManifest(digest, now = new Date()) {
      const active = await deps.policies.active();
      const remembered = active && fresh(`m|${digest}`, active.revision);
      if (remembered) return remembered;
      const verdict = await manifestVerdict(digest, now);
      return active ? keep(`m|${digest}`, active.revision, verdict) : verdict;
    },
    async check(digest, now = new Date(), given, known) {
      const active = await deps.policies.active();
      const remembered = active && !given && fresh(`i|${digest}`, active.revision);
      if (remembered) return remembered;
      const verdict = await imageVerdict(digest, now, given, known);
      return active && !given ? keep(`i|${digest}`, active.revision, verdict) : verdict;
    },
  };
  async function manifestVerdict(digest: string, now: Date): Promise<Verdict> {
    const direct = await service.check(digest, now);
    if (direct.status !== "unknown" || direct.reason !== "not-in-catalog" || !deps.imagesOf) return direct;
    const images = (await deps.imagesOf(digest))?.filter((d) => d !== digest);
    if (!images?.length) return direct;
    const verdicts = await Promise.all(images.map((d) => service.check(d, now)));
    return verdicts.reduce((worst, v) => (rank(v) > rank(worst) ? v : worst));
  }
  async function imageVerdict(digest: string, now: Date, given: ScanReport | undefined, known?: { inventory: Inventory; storedAt: number }): Promise<Verdict> {
    const active = await deps.policies.active();
    if (!active) return { status: "no-policy" };
    const policy: PolicyRef = { id: active.id, name: active.name, revision: active.revision };
    const [image, storedAt] = await Promise.all([deps.catalog.getImage(digest), deps.catalog.inventoryStoredAt(digest)]);
    if (!image || storedAt === undefined) return { status: "unknown", reason: "not-in-catalog", detail: `image ${digest} has not been analysed`, policy };
    if (!image.verified && !deps.allowUnverified) {
      return { status: "unknown", reason: "unverified", detail: `image ${digest} is known only from an uploaded SBOM or inventory (unverified)`, policy };
    }
    const dbVersion = deps.findings.version();
    const memoKey = `${digest}|${storedAt}|${active.revision}|${dbVersion}`;
    const hit = memo.get(memoKey);
    if (hit) return { status: "evaluated", cached: true, policy, dbVersion, storedAt: new Date(storedAt).toISOString(), evaluation: hit };
    const cached = await deps.policies.getEvaluation({ digest, storedAt, revision: active.revision, dbVersion });
    if (cached) {
      remember(memoKey, cached);
      return { status: "evaluated", cached: true, policy, dbVersion, storedAt: new Date(storedAt).toISOString(), evaluation: cached };
    }
    const stored = await sourceOf(deps, digest, storedAt, given, known);
    if (!stored) return { status: "unknown", reason: "not-in-catalog", detail: `image ${digest} has not been analysed`, policy };
    const key = { digest, storedAt: stored.storedAt, revision: active.revision, dbVersion };
    const base = { policy, dbVersion, storedAt: new Date(stored.storedAt).toISOString() };
    const evaluation = evaluateStored(loaded(active), image, stored.inventory, stored.report, now);
    await deps.policies.putEvaluation(key, active.id, evaluation, now.getTime());
    // What is stored is what later reads get (the first writer wins when two compute at once).
    const kept = (await deps.policies.getEvaluation(key)) ?? evaluation;
    remember(`${digest}|${stored.storedAt}|${active.revision}|${dbVersion}`, kept);
    return { status: "evaluated", cached: false, ...base, evaluation };
  }
  return service;
}
