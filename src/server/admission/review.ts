/**
 * AdmissionReview v1 (admission.k8s.io/v1) as the API server sends it, read defensively: only what the
 * webhook uses is validated (uid, kind, namespace, the object's pod spec); the rest passes unread. The
 * images are taken from Pods (containers, initContainers, ephemeralContainers) and from the pod templates of
 * Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController and CronJob.
 */
import { z } from "zod";
import { ADMISSION_API_VERSION, fastPodSpec, fastReview, MAX_CONTAINERS, MAX_IMAGE } from "./fast-check.js";
import { safeParse } from "../../util/schema.js";

export { ADMISSION_API_VERSION };

const container = z.looseObject({ name: z.string().max(253).optional(), image: z.string().max(MAX_IMAGE).optional() });
const containers = z.array(container).max(MAX_CONTAINERS).optional();
export const podSpecSchema = z.looseObject({ containers, initContainers: containers, ephemeralContainers: containers });
export type PodSpec = z.output<typeof podSpecSchema>;

export const admissionReviewSchema = z.looseObject({
  apiVersion: z.literal(ADMISSION_API_VERSION),
  kind: z.literal("AdmissionReview"),
  request: z.looseObject({
    uid: z.string().min(1).max(128),
    kind: z.looseObject({ group: z.string(), version: z.string(), kind: z.string() }),
    namespace: z.string().max(253).optional(),
    name: z.string().max(253).optional(),
    operation: z.string().max(32),
    object: z.unknown().optional(),
    annotations: z.unknown().optional(),
    userInfo: z.looseObject({ username: z.string().max(1024).optional() }).optional(),
  }),
});

export type AdmissionReview = z.output<typeof admissionReviewSchema>;
export type AdmissionRequest = AdmissionReview["request"];

/**
 * The body as an AdmissionReview: the hand-written check of ./fast-check.ts first (a well-formed review costs no
 * copy), the schema when that refuses — with the schema's issues when it refuses too.
 */
export function readReview(raw: unknown): { review: AdmissionReview } | { issues: z.core.$ZodIssue[] } {
  const fast = fastReview(raw);
  if (fast) return { review: fast };
  const parsed = safeParse(admissionReviewSchema, raw);
  return parsed.success ? { review: parsed.data } : { issues: parsed.error.issues };
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
}

/** Where each kind keeps its pod spec, under `object`. */
const podSpecPaths: Record<string, readonly string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export const admittedKinds: readonly string[] = Object.keys(podSpecPaths);

/** Where a workload kind keeps its pod template (with its metadata), under `object`; undefined for a Pod. */
export const podTemplatePath = (kind: string): readonly string[] | undefined => {
  const path = podSpecPaths[kind];
  return path && path.length > 1 ? path.slice(0, -1) : undefined;
};

export interface ContainerImage {
  /** `containers[0]`, `initContainers[1]`, … */
  container: string;
  image: string;
}

/** The images of the request's object; undefined when its kind carries no pod spec the webhook reads. */
export function imagesOf(request: AdmissionRequest): ContainerImage[] | undefined {
  const path = podSpecPaths[request.kind.kind];
  if (!path) return undefined;
  let node: unknown = request.object;
  for (const key of path) node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  let spec = fastPodSpec(node ?? {});
  if (!spec) {
    const parsed = safeParse(podSpecSchema, node ?? {});
    if (!parsed.success) return [];
    spec = parsed.data;
  }
  const out: ContainerImage[] = [];
  for (const field of ["containers", "initContainers", "ephemeralContainers"] as const) {
    (spec[field] ?? []).forEach((c, i) => {
      if (c.image) out.push({ container: `${field}[${i}]${c.name ? ` (${c.name})` : ""}`, image: c.image });
    });
  }
  return out;
}

/** Kubernetes shows at most this many characters of a warning; longer ones are cut with an ellipsis. */
export const MAX_WARNING = 120;

export const warning = (text: string): string => (text.length <= MAX_WARNING ? text : `${text.slice(0, MAX_WARNING - 1)}…`);

export const reviewResponse = (response: AdmissionResponse) => ({ apiVersion: ADMISSION_API_VERSION, kind: "AdmissionReview", response });
