/**
 * The pull-time gate's decision for one manifest digest, from the verdict cache only (never a scan): STOP is
 * refused, unknown is queued for a scan and refused or let through (`--registry-proxy-unknown`), WARN and GO
 * pass. An index (multi-platform) gets the worst verdict of the platform images a scan stored for it
 * (VerdictService.checkManifest); a platform manifest asked for by digest is judged by its own verdict.
 * With no active policy everything passes (logged once).
 */
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import type { Verdict } from "../verdicts.js";

export const unknownModes = ["allow", "deny"] as const;
export type UnknownMode = (typeof unknownModes)[number];

export interface GateDeps {
  checkManifest(digest: string): Promise<Verdict>;
  /** Queue a scan of the reference (deduplicated by the queue); rejects when it cannot be queued. */
  enqueue(reference: string): Promise<void>;
  unknown: UnknownMode;
  logger: Logger;
}

export type GateDecision = { allowed: true; verdict: string } | { allowed: false; verdict: string; message: string };

/**
 * `image` names the image in messages (`registry/repo:tag` or `registry/repo@digest`); `reference` is what a
 * scan is queued for (pinned to the digest).
 */
export async function judgeManifest(image: string, reference: string, digest: string, deps: GateDeps): Promise<GateDecision> {
  const verdict = await deps.checkManifest(digest);
  if (verdict.status === "no-policy") return { allowed: true, verdict: "none" };
  if (verdict.status === "evaluated") {
    const e = verdict.evaluation;
    if (e.finalAction !== "STOP") return { allowed: true, verdict: e.finalAction };
    return { allowed: false, verdict: "STOP", message: `Image failed policy check: ${image} (${e.reason}; policy ${verdict.policy.name})` };
  }
  let why = verdict.reason === "unverified" ? "known only from an uploaded SBOM (unverified)" : "not analysed";
  try {
    await deps.enqueue(reference);
    why += "; queued for a scan";
  } catch (err) {
    deps.logger.warn("registry proxy: could not queue a scan", { reference, error: errorMessage(err) });
    why += `; could not be queued for a scan: ${errorMessage(err)}`;
  }
  if (deps.unknown === "allow") return { allowed: true, verdict: "unknown" };
  return { allowed: false, verdict: "unknown", message: `Image not known to Dredge: ${image} (${why})` };
}
