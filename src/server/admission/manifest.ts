/**
 * The ValidatingWebhookConfiguration that points the Kubernetes API server at the admission listener
 * (`dredge admission manifest`). Choices (docs/server.md, "Kubernetes admission"):
 * - `failurePolicy: Fail`: an unreachable webhook must not let unchecked images in; the control-plane
 *   namespaces and the webhook's own are excluded by the namespaceSelector, so a down webhook cannot keep
 *   itself or the cluster's system pods from starting.
 * - `timeoutSeconds: 5`: answers come from the verdict cache (milliseconds); 5 s bounds how long a stuck
 *   webhook holds a kubectl apply, well under the API server's 10 s default and its 30 s maximum.
 * - `sideEffects: None`: the webhook changes nothing in the cluster (queuing a scan is Dredge's own state).
 * The same manifest serves any `--admission-processes`: they share the one listening address.
 */
import { ADMISSION_PATH } from "./listener.js";
import { DEFAULT_EXEMPT_NAMESPACES } from "./decide.js";

export interface ManifestOptions {
  /** The namespace of the webhook's Service (exempt too). */
  namespace: string;
  service: string;
  port: number;
  /** PEM of the CA that signed the listener's certificate. */
  caPem: string;
  name?: string;
  /** More namespaces left out. */
  exempt?: readonly string[];
}

export const WEBHOOK_TIMEOUT_SECONDS = 5;

const operations = ["CREATE", "UPDATE"];

export function webhookConfiguration(o: ManifestOptions): object {
  const name = o.name ?? "dredge-admission";
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name },
    webhooks: [
      {
        name: "images.admission.dredge.dev",
        admissionReviewVersions: ["v1"],
        sideEffects: "None",
        timeoutSeconds: WEBHOOK_TIMEOUT_SECONDS,
        failurePolicy: "Fail",
        matchPolicy: "Equivalent",
        clientConfig: {
          service: { namespace: o.namespace, name: o.service, path: ADMISSION_PATH, port: o.port },
          caBundle: Buffer.from(o.caPem, "utf8").toString("base64"),
        },
        rules: [
          { apiGroups: [""], apiVersions: ["v1"], operations, resources: ["pods", "pods/ephemeralcontainers", "replicationcontrollers"], scope: "Namespaced" },
          { apiGroups: ["apps"], apiVersions: ["v1"], operations, resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], scope: "Namespaced" },
          { apiGroups: ["batch"], apiVersions: ["v1"], operations, resources: ["jobs", "cronjobs"], scope: "Namespaced" },
        ],
        namespaceSelector: {
          matchExpressions: [
            { key: "kubernetes.io/metadata.name", operator: "NotIn", values: [...new Set([...DEFAULT_EXEMPT_NAMESPACES, o.namespace, ...(o.exempt ?? [])])] },
          ],
        },
      },
    ],
  };
}
