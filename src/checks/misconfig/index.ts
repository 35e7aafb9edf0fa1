/** Misconfiguration scanning: image config/history/files, Dockerfiles, Kubernetes manifests. */
export type { PssLevel, Rule, RuleHit, RuleMeta, RuleTarget } from "./types.js";
export { listRules, ruleById } from "./registry.js";
export { imageRules, scanImageMisconfig, historyInstructions, imageFileEntries, type ImageFileEntry, type ImageRule, type ImageScanInput } from "./image/index.js";
export {
  dockerfileRules, isDockerfileName, parseDockerfile, scanDockerfile, dockerignoreMissing, defaultDockerfileLimits,
  type Dockerfile, type DockerfileLimits, type DockerfileRule, type DockerInstruction, type DockerStage,
} from "./dockerfile/index.js";
export { kubernetesRules, looksLikeKubernetes, parseManifests, scanKubernetes, defaultManifestLimits, type K8sRule, type ManifestLimits } from "./kubernetes/index.js";
