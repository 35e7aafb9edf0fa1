/** Kubernetes rules of the Pod Security Standards' baseline level. */
import { arr, obj, str } from "./workloads.js";
import { containerHit, hitAt, pss, secctx, type K8sRule } from "./helpers.js";

export const privileged: K8sRule = {
  id: "DRG-K8S-001",
  target: "kubernetes",
  title: "Privileged container",
  severity: "HIGH",
  pss: "baseline",
  description: "A privileged container has every capability and access to the host's devices: it is root on the node.",
  remediation: "Remove `securityContext.privileged: true`; grant only the capabilities needed.",
  references: [pss, secctx],
  check: (w) =>
    w.containers
      .filter((c) => obj(c.spec["securityContext"])?.["privileged"] === true)
      .map((c) => containerHit(w, c, "is privileged.", ["securityContext", "privileged"])),
};

export const hostNamespaces: K8sRule = {
  id: "DRG-K8S-005",
  target: "kubernetes",
  title: "Host namespaces shared",
  severity: "HIGH",
  pss: "baseline",
  description: "hostNetwork, hostPID or hostIPC give the pod the node's network, processes or IPC.",
  remediation: "Remove hostNetwork/hostPID/hostIPC or set them to false.",
  references: [pss],
  check: (w) =>
    (["hostNetwork", "hostPID", "hostIPC"] as const)
      .filter((k) => w.pod[k] === true)
      .map((k) => hitAt(w, `${k} is true.`, [...w.podPath, k])),
};

export const hostPathVolumes: K8sRule = {
  id: "DRG-K8S-006",
  target: "kubernetes",
  title: "hostPath volume",
  severity: "MEDIUM",
  pss: "baseline",
  description: "A hostPath volume mounts a directory of the node into the pod.",
  remediation: "Use a persistent volume, emptyDir, configMap or secret instead.",
  references: [pss, "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
  check: (w) =>
    arr(w.pod["volumes"]).flatMap((v, i) => {
      const hp = obj(obj(v)?.["hostPath"]);
      return hp ? [hitAt(w, `volume "${str(obj(v)?.["name"]) ?? i}" mounts host path ${str(hp["path"]) ?? "?"}.`, [...w.podPath, "volumes", i, "hostPath"])] : [];
    }),
};

/** Capabilities the baseline level allows to be added. */
export const baselineCapabilities = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
  "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

export const capName = (c: unknown): string => (str(c) ?? "").toUpperCase().replace(/^CAP_/, "");

export const addedCapabilities: K8sRule = {
  id: "DRG-K8S-007",
  target: "kubernetes",
  title: "Dangerous capabilities added",
  severity: "HIGH",
  pss: "baseline",
  description: "The container adds capabilities outside the baseline set (e.g. SYS_ADMIN, NET_ADMIN, NET_RAW beyond defaults, ALL).",
  remediation: "Remove them from `securityContext.capabilities.add`.",
  references: [pss, "https://man7.org/linux/man-pages/man7/capabilities.7.html"],
  check: (w) =>
    w.containers.flatMap((c) => {
      const add = arr(obj(obj(c.spec["securityContext"])?.["capabilities"])?.["add"]).map(capName);
      const bad = add.filter((x) => !baselineCapabilities.has(x));
      return bad.length > 0 ? [containerHit(w, c, `adds capabilities ${bad.join(", ")}.`, ["securityContext", "capabilities", "add"])] : [];
    }),
};

export const hostPorts: K8sRule = {
  id: "DRG-K8S-014",
  target: "kubernetes",
  title: "hostPort used",
  severity: "MEDIUM",
  pss: "baseline",
  description: "A hostPort binds a port of the node, bypassing network policies and limiting scheduling.",
  remediation: "Remove hostPort and expose the pod through a Service.",
  references: [pss],
  check: (w) =>
    w.containers.flatMap((c) =>
      arr(c.spec["ports"]).flatMap((p, i) => {
        const hp = obj(p)?.["hostPort"];
        return typeof hp === "number" && hp > 0 ? [containerHit(w, c, `uses hostPort ${hp}.`, ["ports", i, "hostPort"])] : [];
      }),
    ),
};
