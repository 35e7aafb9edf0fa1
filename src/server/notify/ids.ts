/**
 * Idempotency ids: what a notification is about, hashed, so the same change written twice (a retried
 * transaction, a re-run after a crash) has the same id and the outbox keeps one row. Receivers de-duplicate
 * by it (`Dredge-Delivery-Id`, `Idempotency-Key`, the CloudEvents `id`).
 */
import { createHash } from "node:crypto";
import type { ChangedFinding, ImageChange, ScanEvent } from "../monitor/events.js";

const hash = (parts: readonly unknown[]): string => createHash("sha256").update(JSON.stringify(parts)).digest("hex");

const key = (f: ChangedFinding): string => `${f.id}\0${f.purl}\0${f.installed}\0${f.severity}\0${f.fixed.join(",")}\0${f.kev}\0${f.status}`;

/** What changed, order-independent: the findings of each kind and the verdict before and after. */
export function changeFingerprint(change: ImageChange): string {
  return hash([
    change.new.map(key).sort(),
    change.resolved.map(key).sort(),
    change.changed.map((f) => `${key(f)}\0${(f.kinds ?? []).join(",")}`).sort(),
    change.verdict?.before ?? null,
    change.verdict?.after ?? null,
  ]);
}

/** One per subscription, image, database version, cause and change. */
export const changeEventPayloadId = (subscriptionId: string, change: ImageChange): string =>
  hash(["change", subscriptionId, change.digest, change.dbVersion, change.cause, changeFingerprint(change)]);

/** One per subscription, scan and outcome. */
export const scanPayloadId = (subscriptionId: string, event: ScanEvent): string => hash(["scan", subscriptionId, event.scanId, event.type]);
