/**
 * What changed for one stored image, and the hook through which the rest of the server hears of it.
 *
 * The monitor (re-evaluation from database deltas, issue #18) and the scan path produce `ImageChange`s; every
 * `ChangeListener` is called inside the transaction that stores the change, so a listener that writes (the
 * notification outbox) commits or rolls back with it. Scan outcomes are `ScanEvent`s, heard the same way.
 */
import type { Severity } from "../../model/finding.js";
import type { PolicyAction } from "../../model/policy.js";
import type { Querier } from "../db/sql.js";

/** The event types a subscription can ask for. */
export const changeEventTypes = [
  "vulnerability.new",
  "vulnerability.resolved",
  "vulnerability.changed",
  "policy.changed",
  "scan.completed",
  "scan.failed",
] as const;
export type ChangeEventType = (typeof changeEventTypes)[number];

/** What about a finding changed between two evaluations of the same image. */
export type FindingChangeKind = "severity" | "fix" | "kev" | "epss" | "status";

export interface ChangedFinding {
  /** The vulnerability id as reported (CVE-…, GHSA-…, DSA-…). */
  id: string;
  pkgType: string;
  pkgName: string;
  purl: string;
  installed: string;
  fixed: readonly string[];
  severity: Severity;
  status: string;
  kev: boolean;
  epss?: number;
  /** For `changed` findings: what changed, and the values before. */
  kinds?: readonly FindingChangeKind[];
  before?: { severity?: Severity; fixed?: readonly string[]; kev?: boolean; epss?: number; status?: string };
}

export interface ImageChange {
  digest: string;
  /** Every reference the image is known under (registry/repo:tag), for scope globs and messages. */
  references: readonly string[];
  cause: "db-update" | "rematch" | "scan" | "policy";
  /** Epoch ms (from the injectable clock). */
  at: number;
  dbVersion: string;
  previousDbVersion?: string;
  new: readonly ChangedFinding[];
  resolved: readonly ChangedFinding[];
  changed: readonly ChangedFinding[];
  verdict?: { before?: PolicyAction; after?: PolicyAction };
  /** Open (unsuppressed) findings after the change, by severity. */
  counts: Record<Severity, number>;
}

export interface ScanEvent {
  type: "scan.completed" | "scan.failed";
  scanId: string;
  target: string;
  digest?: string;
  references: readonly string[];
  at: number;
  error?: string;
  counts?: Record<Severity, number>;
}

export type ChangeListener = (q: Querier, change: ImageChange) => Promise<void>;
export type ScanListener = (q: Querier, event: ScanEvent) => Promise<void>;
