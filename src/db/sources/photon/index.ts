/**
 * The `photon` feed: Photon OS CVE metadata (./fetch.ts), one row per (release, package, id).
 * `res_ver` is the fixed version-release *without* epoch (the Photon matcher compares without epoch, see
 * src/distro/photon/); `"NA"` means no fixed version: with status `Not Affected` the package is not
 * affected, with `Fixed` the vendor gives no version (kept as fixed, matches nothing), with another status it
 * is affected with no fix yet. vuln-list's split has no status: there `NA` in `aff_ver` too means not
 * affected (the vendor writes NA/NA only with `Not Affected`), and prose in `aff_ver` means affected.
 * Ids: CVEs and other advisory ids (`BDSA-…` Black Duck, `UNK-…`) are kept; anything else (the live feed
 * has `"Re"`) is skipped with a warning. `cve_score` (CVSS 3) becomes Photon's severity.
 */
import { z } from "zod";
import type { AffectedPackage, AffectedStatus, VulnerabilityRecord } from "../../model.js";
import { severityFromScore } from "../../../matcher/cvss.js";
import { MalformedRecord, type FeedSource, type RawRecord } from "../types.js";
import { fetchPhoton, PHOTON_URL, type PhotonRaw } from "./fetch.js";
import { safeParse } from "../../../util/schema.js";

const entrySchema = z.object({
  cve_id: z.string().max(200),
  pkg: z.string().min(1).max(200),
  cve_score: z.union([z.number(), z.string(), z.null()]).optional(),
  aff_ver: z.string().max(1000).optional(),
  res_ver: z.string().max(200).optional(),
  status: z.string().max(100).optional(),
});

/** A CVE or another issuer's id (`BDSA-2025-13833`, `UNK-1`, `GHSA-…`); not prose or fragments. */
export const PHOTON_ID = /^(CVE-\d{4}-\d{4,}|[A-Z][A-Z0-9]{1,15}-[0-9A-Za-z][0-9A-Za-z.:-]{0,60})$/;

const unset = (v: string | undefined): boolean => v === undefined || v.trim() === "" || /^n\/?a$/i.test(v.trim());

function statusOf(affVer: string | undefined, resVer: string | undefined, status: string | undefined): AffectedStatus {
  const s = (status ?? "").trim().toLowerCase();
  if (s === "not affected" || s === "not_affected") return "not_affected";
  if (!unset(resVer)) return "fixed";
  if (s === "fixed") return "fixed";
  // vuln-list's split drops `status`: there, `NA` in both fields is what the vendor file writes for `Not Affected`.
  if (status === undefined && unset(affVer)) return "not_affected";
  if (s === "won't fix" || s === "will not fix") return "will_not_fix";
  return "affected";
}

function score(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

function transformPhoton(raw: RawRecord): ReturnType<FeedSource["transform"]> {
  if (raw.error) throw new MalformedRecord(raw.error);
  const { release, entry } = raw.data as PhotonRaw;
  const parsed = safeParse(entrySchema, entry);
  if (!parsed.success) throw new MalformedRecord(`not a Photon CVE metadata entry: ${parsed.error.issues[0]?.message ?? ""}`);
  const e = parsed.data;
  const id = e.cve_id.trim();
  if (!PHOTON_ID.test(id)) throw new MalformedRecord(`not a vulnerability id: ${JSON.stringify(id.slice(0, 40))}`);
  const status = statusOf(e.aff_ver, e.res_ver, e.status);
  const fixed = status === "fixed" && !unset(e.res_ver) ? [e.res_ver!.trim()] : [];
  const s = score(e.cve_score);
  const rating = s === undefined ? undefined : severityFromScore(s, "3.1").toLowerCase();
  const row: AffectedPackage = {
    vulnerabilityId: id, source: "photon", namespace: `photon:${release}`, packageName: e.pkg.trim(), status,
    ranges: status === "not_affected" || (status === "fixed" && fixed.length === 0)
      ? []
      : [{ type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, ...fixed.map((f) => ({ fixed: f }))] }],
    versions: [], fixedVersions: fixed,
    ...(rating ? { severity: rating } : {}),
    ...(status === "fixed" && fixed.length === 0 ? { notes: ["photon: marked fixed without a version"] } : {}),
  };
  const vuln: VulnerabilityRecord = {
    id, source: "photon", aliases: [], related: [], cwes: [], references: [],
    severities: s === undefined ? [] : [{ source: "photon", type: "CVSS_V3", score: s, ...(rating ? { rating } : {}) }],
  };
  return { vulnerabilities: [vuln], affected: [row] };
}

export const photonSource: FeedSource = {
  name: "photon",
  defaultLocation: PHOTON_URL,
  description: "Photon OS CVE metadata (per release: fixed version-release, status, CVSS score)",
  fetch: fetchPhoton,
  transform: transformPhoton,
};
