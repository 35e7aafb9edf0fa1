/** Kubernetes rules of the Pod Security Standards' restricted level. */
import { arr, obj, str } from "./workloads.js";
import { capName } from "./rules-baseline.js";
import { containerHit, effective, pss, secctx, type K8sRule } from "./helpers.js";

export const privilegeEscalation: K8sRule = {
  id: "DRG-K8S-002",
  target: "kubernetes",
  title: "Privilege escalation allowed",
  severity: "MEDIUM",
  pss: "restricted",
  description: "Without `allowPrivilegeEscalation: false`, a process can gain more privileges than its parent (setuid binaries).",
  remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
  references: [pss, secctx],
  check: (w) =>
    w.containers
      .filter((c) => obj(c.spec["securityContext"])?.["allowPrivilegeEscalation"] !== false)
      .map((c) => containerHit(w, c, "does not set allowPrivilegeEscalation: false.", ["securityContext", "allowPrivilegeEscalation"])),
};

export const runAsNonRoot: K8sRule = {
  id: "DRG-K8S-003",
  target: "kubernetes",
  title: "Container may run as root",
  severity: "MEDIUM",
  pss: "restricted",
  description: "Neither the pod nor the container sets `runAsNonRoot: true`, or runAsUser is 0.",
  remediation: "Set `securityContext.runAsNonRoot: true` (pod or container) and a non-zero runAsUser.",
  references: [pss, secctx],
  check: (w) =>
    w.containers.flatMap((c) => {
      if (effective(w, c, "runAsUser") === 0) return [containerHit(w, c, "runs as user 0.", ["securityContext", "runAsUser"])];
      if (effective(w, c, "runAsNonRoot") !== true) return [containerHit(w, c, "does not set runAsNonRoot: true.", ["securityContext", "runAsNonRoot"])];
      return [];
    }),
};

export const dropAll: K8sRule = {
  id: "DRG-K8S-008",
  target: "kubernetes",
  title: "Capabilities not restricted",
  severity: "LOW",
  pss: "restricted",
  description: "The restricted level requires dropping ALL capabilities and adding back at most NET_BIND_SERVICE.",
  remediation: "Set `securityContext.capabilities.drop: [\"ALL\"]` and add only NET_BIND_SERVICE if needed.",
  references: [pss],
  check: (w) =>
    w.containers.flatMap((c) => {
      const caps = obj(obj(c.spec["securityContext"])?.["capabilities"]);
      const drop = arr(caps?.["drop"]).map(capName);
      const add = arr(caps?.["add"]).map(capName).filter((x) => x !== "NET_BIND_SERVICE");
      const msgs: string[] = [];
      if (!drop.includes("ALL")) msgs.push("does not drop ALL capabilities");
      if (add.length > 0) msgs.push(`adds ${add.join(", ")}`);
      return msgs.length > 0 ? [containerHit(w, c, `${msgs.join(" and ")}.`, ["securityContext", "capabilities"])] : [];
    }),
};

export const seccomp: K8sRule = {
  id: "DRG-K8S-013",
  target: "kubernetes",
  title: "No seccomp profile",
  severity: "LOW",
  pss: "restricted",
  description: "The restricted level requires seccompProfile.type RuntimeDefault or Localhost (pod or container).",
  remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.",
  references: [pss, "https://kubernetes.io/docs/tutorials/security/seccomp/"],
  check: (w) =>
    w.containers.flatMap((c) => {
      const type = str(obj(effective(w, c, "seccompProfile"))?.["type"]);
      return type === "RuntimeDefault" || type === "Localhost" ? [] : [containerHit(w, c, `has seccomp profile ${type ?? "unset"}.`, ["securityContext", "seccompProfile"])];
    }),
};
