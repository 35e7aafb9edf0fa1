/**
 * The admission decision, from the verdict cache only: each image by digest gets the active policy's
 * verdict on the stored image (src/server/verdicts.ts: a stored evaluation, or one computed from the stored
 * inventory — never a scan). An image the catalog does not hold, an unverified one, or one named by tag only
 * (tags are not resolved to digests) is *unknown*: it is queued for a scan, and the namespace's mode says
 * what happens meanwhile.
 *
 * - `enforce`: denied when any image's verdict is STOP or any image is unknown; WARN gives warnings.
 * - `known`:   denied when any image is unknown; STOP and WARN give warnings.
 * - `audit`:   always allowed; STOP, WARN and unknown give warnings.
 *
 * Exempt namespaces (kube-system, kube-node-lease and the webhook's own by default) are allowed unread.
 * With no active policy, everything is allowed with a warning saying so.
 */
import { errorMessage } from "../../errors.js";
import { parseReference } from "../../image/reference.js";
import type { Logger } from "../../util/log.js";
import type { Verdict } from "../verdicts.js";
import { imagesOf, warning, type AdmissionRequest, type AdmissionResponse } from "./review.js";

export const admissionModes = ["enforce", "known", "audit"] as const;
export type AdmissionMode = (typeof admissionModes)[number];

export const DEFAULT_EXEMPT_NAMESPACES: readonly string[] = ["kube-system", "kube-node-lease"];

export interface AdmissionSettings {
  /** The mode of namespaces not listed in `namespaceModes`. */
  mode: AdmissionMode;
  namespaceModes: Readonly<Record<string, AdmissionMode>>;
  /** Namespaces allowed without looking (defaults plus the webhook's own). */
  exempt: readonly string[];
}

export interface AdmissionDeps {
  settings: AdmissionSettings;
  check(digest: string): Promise<Verdict>;
  /** Queues a scan of the reference (deduplicated by the queue); rejects when it cannot be queued. */
  enqueue(reference: string): Promise<void>;
  logger: Logger;
}

type Outcome =
  | { kind: "stop" | "warn" | "go"; image: string; reason: string }
  | { kind: "unknown"; image: string; reason: string }
  | { kind: "no-policy"; image: string; reason: string };

async function judge(image: string, deps: AdmissionDeps): Promise<Outcome> {
  let digest: string | undefined;
  try {
    digest = parseReference(image).digest;
  } catch (err) {
    return { kind: "unknown", image, reason: `not an image reference: ${errorMessage(err)}` };
  }
  const queue = async (why: string): Promise<Outcome> => {
    try {
      await deps.enqueue(image);
      return { kind: "unknown", image, reason: `${why}; queued for a scan` };
    } catch (err) {
      deps.logger.warn("admission: could not queue a scan", { image, error: errorMessage(err) });
      return { kind: "unknown", image, reason: `${why}; could not be queued for a scan: ${errorMessage(err)}` };
    }
  };
  if (!digest) return queue("not analysed (named by tag, not digest)");
  const verdict = await deps.check(digest);
  if (verdict.status === "no-policy") return { kind: "no-policy", image, reason: "no active policy" };
  if (verdict.status === "unknown") return verdict.reason === "unverified" ? { kind: "unknown", image, reason: "known only from an uploaded SBOM (unverified)" } : queue("not analysed");
  const e = verdict.evaluation;
  return { kind: e.finalAction === "STOP" ? "stop" : e.finalAction === "WARN" ? "warn" : "go", image, reason: e.reason };
}

export const modeOf = (settings: AdmissionSettings, namespace: string | undefined): AdmissionMode =>
  (namespace !== undefined ? settings.namespaceModes[namespace] : undefined) ?? settings.mode;

export async function decide(request: AdmissionRequest, deps: AdmissionDeps): Promise<AdmissionResponse> {
  const uid = request.uid;
  const ns = request.namespace;
  if (ns !== undefined && deps.settings.exempt.includes(ns)) return { uid, allowed: true };
  const images = imagesOf(request);
  if (!images?.length) return { uid, allowed: true };
  const mode = modeOf(deps.settings, ns);
  const distinct = [...new Set(images.map((i) => i.image))];
  const outcomes = await Promise.all(distinct.map((image) => judge(image, deps)));
  const stops = outcomes.filter((o) => o.kind === "stop");
  const unknown = outcomes.filter((o) => o.kind === "unknown");
  const denyStops = mode === "enforce" && stops.length > 0;
  const denyUnknown = mode !== "audit" && unknown.length > 0;
  const warnings = [
    ...outcomes.filter((o) => o.kind === "warn").map((o) => warning(`${o.image}: policy WARN (${o.reason})`)),
    ...(denyStops ? [] : stops.map((o) => warning(`${o.image}: policy STOP (${o.reason})${mode === "audit" ? " [audit]" : ""}`))),
    ...(denyUnknown ? [] : unknown.map((o) => warning(`${o.image}: ${o.reason} [${mode}]`))),
    ...(outcomes.some((o) => o.kind === "no-policy") ? [warning("Dredge: no policy is active; images are not checked")] : []),
  ];
  const withWarnings = (r: AdmissionResponse): AdmissionResponse => (warnings.length ? { ...r, warnings } : r);
  if (!denyStops && !denyUnknown) return withWarnings({ uid, allowed: true });
  const parts = [
    ...(denyStops ? stops.map((o) => `Image failed policy check: ${o.image} (${o.reason})`) : []),
    ...(denyUnknown ? unknown.map((o) => `Image not known to Dredge: ${o.image} (${o.reason})`) : []),
  ];
  return withWarnings({ uid, allowed: false, status: { code: 403, message: parts.join("; ") } });
}
