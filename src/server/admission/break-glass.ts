/**
 * The break-glass annotation: `dredge.dev/break-glass: "<reason>"` on the object (a Pod, a workload) or on its
 * pod template admits it although the policy would deny it — only in namespaces the active policy lists under
 * `breakGlass.namespaces` (globs; none by default). Every use is logged with the user and the reason, and the
 * answer carries a warning; where the policy does not allow it the annotation changes nothing and the denial
 * says so.
 */
import { wildcardMatcher } from "../../policy/index.js";
import { podTemplatePath, type AdmissionRequest } from "./review.js";

export const BREAK_GLASS_ANNOTATION = "dredge.dev/break-glass";

const MAX_REASON = 1024;

const annotationsAt = (root: unknown, path: readonly string[]): unknown => {
  let node = root;
  for (const key of [...path, "metadata", "annotations"]) node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  return node;
};

/** The annotation's reason (trimmed, bounded) on the object or its pod template; undefined when absent or empty. */
export function breakGlassReason(request: AdmissionRequest): string | undefined {
  const template = podTemplatePath(request.kind.kind);
  for (const path of [[], ...(template ? [template] : [])]) {
    const annotations = annotationsAt(request.object, path);
    const value = annotations !== null && typeof annotations === "object" ? (annotations as Record<string, unknown>)[BREAK_GLASS_ANNOTATION] : undefined;
    if (typeof value === "string" && value.trim() !== "") return value.trim().slice(0, MAX_REASON);
  }
  return undefined;
}

/** Whether the policy's `breakGlass.namespaces` globs allow it in `namespace`. */
export const breakGlassAllowed = (namespaces: readonly string[] | undefined, namespace: string | undefined): boolean =>
  namespace !== undefined && (namespaces ?? []).some((glob) => wildcardMatcher(glob)(namespace));
