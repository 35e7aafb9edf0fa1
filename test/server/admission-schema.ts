/**
 * JSON Schemas of admission.k8s.io/v1 AdmissionReview, written from the Kubernetes API reference
 * (kubernetes.io/docs/reference/config-api/apiserver-admission.v1/: AdmissionReview, AdmissionRequest,
 * AdmissionResponse; meta/v1 Status, GroupVersionKind, GroupVersionResource). No published schema exists.
 */
const gvk = { type: "object", required: ["group", "version", "kind"], properties: { group: { type: "string" }, version: { type: "string" }, kind: { type: "string" } } };
const gvr = { type: "object", required: ["group", "version", "resource"], properties: { group: { type: "string" }, version: { type: "string" }, resource: { type: "string" } } };

export const admissionRequestSchema = {
  type: "object",
  required: ["uid", "kind", "resource", "operation", "userInfo"],
  properties: {
    uid: { type: "string", minLength: 1 },
    kind: gvk,
    resource: gvr,
    subResource: { type: "string" },
    requestKind: gvk,
    requestResource: gvr,
    requestSubResource: { type: "string" },
    name: { type: "string" },
    namespace: { type: "string" },
    operation: { enum: ["CREATE", "UPDATE", "DELETE", "CONNECT"] },
    userInfo: {
      type: "object",
      properties: { username: { type: "string" }, uid: { type: "string" }, groups: { type: "array", items: { type: "string" } }, extra: { type: "object" } },
    },
    object: { type: ["object", "null"] },
    oldObject: { type: ["object", "null"] },
    dryRun: { type: "boolean" },
    options: { type: ["object", "null"] },
  },
};

export const admissionReviewRequestSchema = {
  type: "object",
  required: ["apiVersion", "kind", "request"],
  properties: { apiVersion: { const: "admission.k8s.io/v1" }, kind: { const: "AdmissionReview" }, request: admissionRequestSchema },
};

/** What the API server accepts back: uid and allowed required; status a meta/v1 Status; warnings plain strings. */
export const admissionReviewResponseSchema = {
  type: "object",
  required: ["apiVersion", "kind", "response"],
  additionalProperties: false,
  properties: {
    apiVersion: { const: "admission.k8s.io/v1" },
    kind: { const: "AdmissionReview" },
    response: {
      type: "object",
      required: ["uid", "allowed"],
      additionalProperties: false,
      properties: {
        uid: { type: "string", minLength: 1 },
        allowed: { type: "boolean" },
        status: {
          type: "object",
          properties: { code: { type: "integer", minimum: 100, maximum: 599 }, message: { type: "string" }, reason: { type: "string" }, status: { enum: ["Success", "Failure"] } },
        },
        patch: { type: "string", contentEncoding: "base64" },
        patchType: { const: "JSONPatch" },
        auditAnnotations: { type: "object", additionalProperties: { type: "string" } },
        warnings: { type: "array", items: { type: "string", maxLength: 120 } },
      },
    },
  },
};
