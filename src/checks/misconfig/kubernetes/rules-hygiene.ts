/** Kubernetes rules outside the Pod Security Standards: root filesystem, limits, image pinning, SA token. */
import { imageTag } from "../image/rules-config.js";
import { obj, str } from "./workloads.js";
import { containerHit, hitAt, type K8sRule } from "./helpers.js";

export const readOnlyRoot: K8sRule = {
  id: "DRG-K8S-004",
  target: "kubernetes",
  title: "Root filesystem is writable",
  severity: "LOW",
  description: "Without `readOnlyRootFilesystem: true` an attacker can modify the container's binaries and configuration.",
  remediation: "Set `securityContext.readOnlyRootFilesystem: true`; mount emptyDir volumes where writes are needed.",
  references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
  check: (w) =>
    w.containers
      .filter((c) => c.kind === "containers" && obj(c.spec["securityContext"])?.["readOnlyRootFilesystem"] !== true)
      .map((c) => containerHit(w, c, "has a writable root filesystem.", ["securityContext", "readOnlyRootFilesystem"])),
};

export const resourceLimits: K8sRule = {
  id: "DRG-K8S-009",
  target: "kubernetes",
  title: "No CPU or memory limit",
  severity: "LOW",
  description: "A container without limits can starve its neighbours on the node.",
  remediation: "Set `resources.limits.cpu` and `resources.limits.memory`.",
  references: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"],
  check: (w) =>
    w.containers.flatMap((c) => {
      if (c.kind === "ephemeralContainers") return [];
      const limits = obj(obj(c.spec["resources"])?.["limits"]);
      const missing = ["cpu", "memory"].filter((k) => limits?.[k] === undefined);
      return missing.length > 0 ? [containerHit(w, c, `has no ${missing.join(" or ")} limit.`, ["resources", "limits"])] : [];
    }),
};

export const imageLatest: K8sRule = {
  id: "DRG-K8S-010",
  target: "kubernetes",
  title: "Image uses latest or no tag",
  severity: "MEDIUM",
  description: "An image without a tag or with `latest` changes under the workload and defeats rollbacks.",
  remediation: "Reference images by version tag and digest.",
  references: ["https://kubernetes.io/docs/concepts/containers/images/#image-names"],
  check: (w) =>
    w.containers.flatMap((c) => {
      const image = str(c.spec["image"]);
      if (!image || image.includes("@")) return [];
      const tag = imageTag(image);
      return tag === undefined || tag === "latest" ? [containerHit(w, c, `uses image ${image}.`, ["image"])] : [];
    }),
};

export const imageDigest: K8sRule = {
  id: "DRG-K8S-011",
  target: "kubernetes",
  title: "Image not pinned by digest",
  severity: "LOW",
  description: "A tag can be moved to another image; a digest cannot.",
  remediation: "Use `image: repo:tag@sha256:…`.",
  references: ["https://kubernetes.io/docs/concepts/containers/images/#image-names"],
  check: (w) =>
    w.containers.flatMap((c) => {
      const image = str(c.spec["image"]);
      return image && !image.includes("@sha256:") ? [containerHit(w, c, `image ${image} is not pinned by digest.`, ["image"])] : [];
    }),
};

export const serviceAccountToken: K8sRule = {
  id: "DRG-K8S-012",
  target: "kubernetes",
  title: "Service account token mounted",
  severity: "LOW",
  description: "The pod does not set `automountServiceAccountToken: false`, so its API token is mounted in every container.",
  remediation: "Set `automountServiceAccountToken: false` unless the pod talks to the Kubernetes API.",
  references: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"],
  check: (w) => (w.pod["automountServiceAccountToken"] === false ? [] : [hitAt(w, "automountServiceAccountToken is not false.", [...w.podPath, "automountServiceAccountToken"], w.podPath)]),
};
