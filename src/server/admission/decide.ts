/**
 * The admission decision, from the verdict cache only: each image by digest gets the active policy's
 * verdict on the stored image (src/server/verdicts.ts: a stored evaluation, or one computed from the stored
 * inventory — never a scan); an image named by tag is first resolved to its digest (./tags.ts: one HEAD at its
 * registry, cached for a TTL). An image the catalog does not hold, an unverified one, or a tag that cannot be
 * resolved is *unknown*: it is queued for a scan, and the namespace's mode says what happens meanwhile.
 * An index (multi-platform) digest gets the worst verdict of the platform images a scan stored for it.
 *
 * - `enforce`: denied when any image's verdict is STOP or any image is unknown; WARN gives warnings.
 * - `known`:   denied when any image is unknown; STOP and WARN give warnings.
 * - `audit`:   always allowed; STOP, WARN and unknown give warnings.
 *
 * Exempt namespaces (kube-system, kube-node-lease and the webhook's own by default) are allowed unread.
 * With no active policy, everything is allowed with a warning saying so. A denial is turned into an admission
 * by the break-glass annotation where the active policy allows it (./break-glass.ts).
 */
import { errorMessage } from "../../errors.js";
import { parseReference, type ImageReference } from "../../image/reference.js";
import type { Logger } from "../../util/log.js";
import type { Verdict } from "../verdicts.js";
import { BREAK_GLASS_ANNOTATION, breakGlassAllowed, breakGlassReason } from "./break-glass.js";
import { imagesOf, warning, type AdmissionRequest, type AdmissionResponse } from "./review.js";
import type { TagResolution } from "./tags.js";

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
  /** The verdict on a manifest digest (an image, or an index: VerdictService.checkManifest). */
  check(digest: string): Promise<Verdict>;
  /** Tag → digest (./tags.ts); absent: tags stay unknown. */
  resolveTag?(ref: ImageReference): Promise<TagResolution>;
  /** The active policy's break-glass namespace globs. */
  breakGlassNamespaces?(): Promise<readonly string[] | undefined>;
  /** Queues a scan of the reference (deduplicated by the queue); rejects when it cannot be queued. */
  enqueue(reference: string): Promise<void>;
  logger: Logger;
}

type Outcome =
  | { kind: "stop" | "warn" | "go"; image: string; reason: string }
  | { kind: "unknown"; image: string; reason: string }
  | { kind: "no-policy"; image: string; reason: string };

async function judge(image: string, deps: AdmissionDeps): Promise<Outcome> {
  let ref: ImageReference;
  try {
    ref = parseReference(image);
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
  let digest = ref.digest;
  if (!digest) {
    if (!deps.resolveTag) return queue("not analysed (named by tag, not digest)");
    const resolved = await deps.resolveTag(ref);
    if ("error" in resolved) return queue(`tag not resolved: ${resolved.error}`);
    digest = resolved.digest;
  }
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
  const message = parts.join("; ");
  const reason = breakGlassReason(request);
  if (reason === undefined) return withWarnings({ uid, allowed: false, status: { code: 403, message } });
  const fields = { uid, namespace: ns, kind: request.kind.kind, name: request.name, user: request.userInfo?.username, reason, denial: message };
  if (!breakGlassAllowed(await deps.breakGlassNamespaces?.(), ns)) {
    deps.logger.warn("admission: break-glass refused (not allowed in this namespace by the policy)", fields);
    return withWarnings({ uid, allowed: false, status: { code: 403, message: `${message}; ${BREAK_GLASS_ANNOTATION} is not allowed in namespace ${ns ?? "(none)"} by the active policy` } });
  }
  deps.logger.warn("admission: break-glass used", fields);
  return { uid, allowed: true, warnings: [warning(`Dredge: break-glass (${reason}) admitted: ${message}`), ...warnings] };
}
