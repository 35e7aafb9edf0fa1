/** Shared pieces of the Kubernetes rules: locations, effective security context values. */
import type { Rule, RuleHit } from "../types.js";
import { obj, type ContainerRef, type KeyPath, type Workload } from "./workloads.js";

export type K8sRule = Rule<Workload>;

export const pss = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";
export const secctx = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/";

/** A hit at the first key path that exists in the document (most specific first). */
export function hitAt(w: Workload, message: string, ...paths: KeyPath[]): RuleHit {
  let line: number | undefined;
  for (const p of paths) {
    line = w.doc.lineOf(p);
    if (line !== undefined) break;
  }
  const where = `${w.kind}/${w.name}${w.namespace ? ` (namespace ${w.namespace})` : ""}`;
  return { message: `${where}: ${message}`, location: { path: w.doc.path, ...(line === undefined ? {} : { startLine: line, endLine: line }) } };
}

export function containerHit(w: Workload, c: ContainerRef, message: string, field: KeyPath): RuleHit {
  return hitAt(w, `${c.kind === "containers" ? "container" : c.kind.replace(/s$/, "")} "${c.name}" ${message}`, [...c.path, ...field], c.path);
}

/** A securityContext field: the container's value, else the pod's (for fields both levels have). */
export function effective(w: Workload, c: ContainerRef, field: string): unknown {
  const own = obj(c.spec["securityContext"])?.[field];
  return own !== undefined ? own : obj(w.pod["securityContext"])?.[field];
}
