/**
 * Hand-written checks of an AdmissionReview and of a pod spec, for the request path: the same bounds as the
 * zod schemas of ./review.ts, without building zod's copy of the object on every review. They are never more
 * permissive than those schemas (test/server/admission-fast-check.test.ts compares them on mutated reviews):
 * what they accept, the schemas accept unchanged; what they refuse goes to the schemas, which say why (or
 * accept it after all).
 */
import type { AdmissionReview, PodSpec } from "./review.js";

export const ADMISSION_API_VERSION = "admission.k8s.io/v1";

/** Bounds on what is read from one request (the schemas of ./review.ts use them too). */
export const MAX_CONTAINERS = 200;
export const MAX_IMAGE = 1024;

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => v !== null && typeof v === "object" && !Array.isArray(v);
const text = (v: unknown, max: number, min = 0): boolean => typeof v === "string" && v.length >= min && v.length <= max;
const optionalText = (v: unknown, max: number): boolean => v === undefined || text(v, max);

function isRequest(r: unknown): boolean {
  if (!isObject(r)) return false;
  const kind = r.kind;
  if (!isObject(kind) || typeof kind.group !== "string" || typeof kind.version !== "string" || typeof kind.kind !== "string") return false;
  if (!text(r.uid, 128, 1) || !text(r.operation, 32) || !optionalText(r.namespace, 253) || !optionalText(r.name, 253)) return false;
  const user = r.userInfo;
  return user === undefined || (isObject(user) && optionalText(user.username, 1024));
}

/** `raw` as an AdmissionReview when it plainly is one; undefined: ask the schema. */
export function fastReview(raw: unknown): AdmissionReview | undefined {
  if (!isObject(raw) || raw.apiVersion !== ADMISSION_API_VERSION || raw.kind !== "AdmissionReview" || !isRequest(raw.request)) return undefined;
  return raw as AdmissionReview;
}

function isContainers(v: unknown): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length > MAX_CONTAINERS) return false;
  for (const c of v as unknown[]) if (!isObject(c) || !optionalText(c.name, 253) || !optionalText(c.image, MAX_IMAGE)) return false;
  return true;
}

/** `node` as a pod spec when it plainly is one; undefined: ask the schema. */
export function fastPodSpec(node: unknown): PodSpec | undefined {
  if (!isObject(node) || !isContainers(node.containers) || !isContainers(node.initContainers) || !isContainers(node.ephemeralContainers)) return undefined;
  return node as PodSpec;
}
