/**
 * The event a notification carries, independent of its wire format: one summary per image and change —
 * counts, the verdict before and after, and the top findings of each kind (never one message per finding) —
 * or one scan outcome. Stored in the outbox as written; formats.ts renders it per delivery kind.
 */
import type { Severity } from "../../model/finding.js";
import type { PolicyAction } from "../../model/policy.js";
import type { ChangedFinding, ChangeEventType, ImageChange, ScanEvent } from "../monitor/events.js";
import type { MatchedChange } from "./match.js";
import { severityRank } from "./match.js";
import type { Subscription } from "./types.js";

/** Findings of each kind listed in a notification (the counts cover all). */
export const TOP_FINDINGS = 10;

export type NotificationType = ChangeEventType | "test";

export interface NotificationEvent {
  /** The idempotency id: the same for every attempt and every re-run of the same change. */
  id: string;
  /** The headline type (the first of `types`). */
  type: NotificationType;
  types: NotificationType[];
  /** When it happened (RFC 3339). */
  time: string;
  subscription: { id: string; name: string };
  image?: { digest: string; references: string[]; links: { image: string; vulnerabilities: string } };
  database?: { version: string; previousVersion?: string };
  cause?: ImageChange["cause"];
  verdict?: { before?: PolicyAction; after?: PolicyAction };
  /** Open findings of the image after the change (or the scan), by severity. */
  counts?: Record<Severity, number>;
  /** How many findings at or above the subscription's minimum severity are new, resolved, changed. */
  summary?: { new: number; resolved: number; changed: number; minSeverity: Severity };
  findings?: { new: ChangedFinding[]; resolved: ChangedFinding[]; changed: ChangedFinding[] };
  scan?: { id: string; target: string; error?: string };
}

/** KEV first, then severity, then EPSS, then id: what a reader should look at first. */
export function byImportance(a: ChangedFinding, b: ChangedFinding): number {
  return Number(b.kev) - Number(a.kev) || severityRank(b.severity) - severityRank(a.severity) || (b.epss ?? 0) - (a.epss ?? 0) || a.id.localeCompare(b.id) || a.pkgName.localeCompare(b.pkgName);
}

const top = (list: readonly ChangedFinding[]): ChangedFinding[] => [...list].sort(byImportance).slice(0, TOP_FINDINGS);

/** Links to the image in the API (absolute under `publicUrl` when the operator gave one). */
export function imageLinks(digest: string, publicUrl: string | undefined): { image: string; vulnerabilities: string } {
  const image = `${publicUrl?.replace(/\/+$/, "") ?? ""}/api/v1/images/${digest}`;
  return { image, vulnerabilities: `${image}/vulnerabilities` };
}

export function changeEvent(id: string, sub: Subscription, change: ImageChange, m: MatchedChange, publicUrl: string | undefined): NotificationEvent {
  return {
    id,
    type: m.types[0]!,
    types: m.types,
    time: new Date(change.at).toISOString(),
    subscription: { id: sub.id, name: sub.name },
    image: { digest: change.digest, references: [...change.references], links: imageLinks(change.digest, publicUrl) },
    database: { version: change.dbVersion, ...(change.previousDbVersion ? { previousVersion: change.previousDbVersion } : {}) },
    cause: change.cause,
    ...(change.verdict ? { verdict: { ...change.verdict } } : {}),
    counts: { ...change.counts },
    summary: { new: m.new.length, resolved: m.resolved.length, changed: m.changed.length, minSeverity: sub.minSeverity },
    findings: { new: top(m.new), resolved: top(m.resolved), changed: top(m.changed) },
  };
}

export function scanEventPayload(id: string, sub: Subscription, event: ScanEvent, publicUrl: string | undefined): NotificationEvent {
  return {
    id,
    type: event.type,
    types: [event.type],
    time: new Date(event.at).toISOString(),
    subscription: { id: sub.id, name: sub.name },
    ...(event.digest ? { image: { digest: event.digest, references: [...event.references], links: imageLinks(event.digest, publicUrl) } } : {}),
    ...(event.counts ? { counts: { ...event.counts } } : {}),
    scan: { id: event.scanId, target: event.target, ...(event.error ? { error: event.error } : {}) },
  };
}

/** The event `POST /subscriptions/{id}/test` sends. */
export function testEvent(id: string, sub: Subscription, at: number): NotificationEvent {
  return { id, type: "test", types: ["test"], time: new Date(at).toISOString(), subscription: { id: sub.id, name: sub.name } };
}
