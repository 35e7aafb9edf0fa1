/** Kubernetes manifest scanning: workloads → pod specs → checks mapped to the Pod Security Standards. */
import type { MisconfigFinding } from "../../../model/finding.js";
import { runRules } from "../types.js";
import type { K8sRule } from "./helpers.js";
import { parseManifests, type ManifestLimits } from "./parse.js";
import { addedCapabilities, hostNamespaces, hostPathVolumes, hostPorts, privileged } from "./rules-baseline.js";
import { imageDigest, imageLatest, readOnlyRoot, resourceLimits, serviceAccountToken } from "./rules-hygiene.js";
import { dropAll, privilegeEscalation, runAsNonRoot, seccomp } from "./rules-restricted.js";
import { workloadsOf } from "./workloads.js";

export type { K8sRule } from "./helpers.js";
export { defaultManifestLimits, parseManifests, type ManifestDocument, type ManifestLimits } from "./parse.js";
export { workloadKinds, workloadsOf, type ContainerRef, type Workload } from "./workloads.js";

export const kubernetesRules: readonly K8sRule[] = [
  privileged, privilegeEscalation, runAsNonRoot, readOnlyRoot, hostNamespaces, hostPathVolumes, addedCapabilities,
  dropAll, resourceLimits, imageLatest, imageDigest, serviceAccountToken, seccomp, hostPorts,
];

/** Does this YAML look like a Kubernetes manifest (has apiVersion and kind at top level)? Cheap text test. */
export function looksLikeKubernetes(content: Buffer | string): boolean {
  const head = (typeof content === "string" ? content : content.subarray(0, 65536).toString("utf8")).slice(0, 65536);
  return /^apiVersion:\s*\S/m.test(head) && /^kind:\s*\S/m.test(head);
}

/** Parses and checks a (multi-document) manifest. Throws DredgeError (PARSE_ERROR, LIMIT_EXCEEDED) naming the file. */
export function scanKubernetes(
  path: string,
  content: Buffer | string,
  options: { limits?: ManifestLimits; rules?: readonly K8sRule[] } = {},
): MisconfigFinding[] {
  const rules = options.rules ?? kubernetesRules;
  return parseManifests(path, content, options.limits).flatMap((doc) => workloadsOf(doc).flatMap((w) => runRules(rules, w)));
}
