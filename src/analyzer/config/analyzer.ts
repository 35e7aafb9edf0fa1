/** Dockerfiles and Kubernetes manifests in a project directory or image: their misconfigurations. */
import { DredgeError, errorMessage } from "../../errors.js";
import { isDockerfileName, scanDockerfile } from "../../checks/misconfig/dockerfile/index.js";
import { looksLikeKubernetes, scanKubernetes } from "../../checks/misconfig/kubernetes/index.js";
import type { MisconfigFinding } from "../../model/finding.js";
import type { Analyzer } from "../types.js";
import { pushAll } from "../../util/array.js";

const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const isYaml = (p: string) => /\.ya?ml$/i.test(p);

export const configAnalyzer: Analyzer = {
  id: "config",
  version: 2,
  inventory: false,
  // Dockerfiles of any size are taken so that an oversized one gets a warning naming it (the parser's own
  // limit, or the inspector's per-file limit) instead of being skipped silently.
  wants: (path, info) => isDockerfileName(path) || (info.size <= MAX_CONFIG_BYTES && (isYaml(path) || path.endsWith("/.dockerignore"))),
  async analyze(files, ctx) {
    const misconfigs: MisconfigFinding[] = [];
    const ignores = new Map(files.filter((f) => f.path.endsWith("/.dockerignore")).map((f) => [f.path.slice(0, -".dockerignore".length), f.content.toString("utf8")]));
    for (const f of files) {
      try {
        if (isDockerfileName(f.path)) {
          const dir = f.path.slice(0, f.path.lastIndexOf("/") + 1);
          pushAll(misconfigs, scanDockerfile(f.path, f.content, { dockerignore: ignores.get(dir) }));
        } else if (isYaml(f.path) && looksLikeKubernetes(f.content)) {
          pushAll(misconfigs, scanKubernetes(f.path, f.content));
        }
      } catch (err) {
        ctx.warn(err instanceof DredgeError ? err.message : `${f.path}: ${errorMessage(err)}`);
      }
    }
    return { misconfigs };
  },
};
