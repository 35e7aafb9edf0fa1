/**
 * Policy verdicts of stored images: the active policy (src/server/catalog/policies.ts) evaluated on an
 * image's stored inventory and its findings against the database in use. An evaluation is computed once
 * per key — digest, when the inventory was stored, policy revision, database version — and stored; a new
 * policy, a new database or a new inventory makes a new key, so the verdict is recomputed on the next read
 * and the old rows stay as history. Nothing here scans: an image the catalog does not hold is `unknown`,
 * and so is an unverified one (an uploaded SBOM or inventory) unless the operator allows unverified sources.
 */
import { severities } from "../model/finding.js";
import { packageClasses } from "../model/package.js";
import type { PolicyEvaluation } from "../model/policy.js";
import { evaluatePolicy, imageNameOf, parsePolicy, type ImageName, type LoadedPolicy } from "../policy/index.js";
import { publishedAsFixDate } from "../scan/policy.js";
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
  /** The active policy's verdict on a stored image (never scans). */
  check(digest: string, now?: Date): Promise<Verdict>;
}

export interface VerdictDeps {
  catalog: Catalog;
  findings: FindingsService;
  policies: PolicyStore;
  /** Evaluate unverified images (uploaded SBOMs and inventories) too (`--policy-allow-unverified`). */
  allowUnverified: boolean;
}

/** What a policy sees of the findings: all of them (display filters never narrow it), minus suppressions. */
export const everything: ReportFilters = { severity: [...severities], ignoreUnfixed: false, pkgTypes: [...packageClasses], ignoreStatus: [] };

const MAX_PARSED = 32;

export function nameOf(image: ImageRecord, fallback: ImageName): ImageName {
  if (!image.repo) return { ...fallback, digest: image.digest };
  return { registry: image.registry ?? "", repository: image.repo, ...(image.tag ? { tag: image.tag } : {}), digest: image.digest };
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
  return {
    async check(digest, now = new Date()) {
      const active = await deps.policies.active();
      if (!active) return { status: "no-policy" };
      const policy: PolicyRef = { id: active.id, name: active.name, revision: active.revision };
      const [image, stored] = await Promise.all([deps.catalog.getImage(digest), deps.catalog.getStoredInventory(digest)]);
      if (!image || !stored) return { status: "unknown", reason: "not-in-catalog", detail: `image ${digest} has not been analysed`, policy };
      if (!image.verified && !deps.allowUnverified) {
        return { status: "unknown", reason: "unverified", detail: `image ${digest} is known only from an uploaded SBOM or inventory (unverified)`, policy };
      }
      const key = { digest, storedAt: stored.storedAt, revision: active.revision, dbVersion: deps.findings.version() };
      const base = { policy, dbVersion: key.dbVersion, storedAt: new Date(stored.storedAt).toISOString() };
      const cached = await deps.policies.getEvaluation(key);
      if (cached) return { status: "evaluated", cached: true, ...base, evaluation: cached };
      const report = await deps.findings.report({ digest, storedAt: stored.storedAt }, stored.inventory, everything, false);
      const inventory = stored.inventory;
      const evaluation = evaluatePolicy(loaded(active), {
        report,
        packages: inventory.packages,
        ...(inventory.target.created ? { created: inventory.target.created } : {}),
        image: nameOf(image, imageNameOf(report.artifact)),
        // The server stores inventories and matches vulnerabilities; secret and misconfiguration rules are skipped.
        scanned: new Set(["vuln"]),
        facts: publishedAsFixDate,
        now,
      });
      await deps.policies.putEvaluation(key, active.id, evaluation, now.getTime());
      return { status: "evaluated", cached: false, ...base, evaluation };
    },
  };
}
