/** Dockerfile misconfiguration scanning: parse, then run the rules (final stage only for what ships). */
import type { MisconfigFinding } from "../../../model/finding.js";
import { runRules } from "../types.js";
import { parseDockerfile } from "./parse.js";
import { dfBuildTools, dfCaches, dfLatestBase, dfPipeShell, dfRemoteAdd, dfRootUser, dfSudo, dfTagOnly } from "./rules-build.js";
import { dfDockerignore, dfHealthcheck, dfPorts, dfSecrets, dfSetuid, dfWorldWritable } from "./rules-runtime.js";
import type { DockerfileRule } from "./stages.js";
import type { DockerfileLimits } from "./types.js";

export type { DockerInstruction, DockerStage, Dockerfile, DockerfileLimits, Heredoc } from "./types.js";
export { defaultDockerfileLimits } from "./types.js";
export { parseDockerfile } from "./parse.js";
export { shippingStages, type DockerfileRule, type DockerfileScanInput } from "./stages.js";
export { dockerignoreMissing } from "./dockerignore.js";

export const dockerfileRules: readonly DockerfileRule[] = [
  dfRootUser, dfLatestBase, dfRemoteAdd, dfPipeShell, dfCaches, dfBuildTools, dfSudo, dfPorts, dfSecrets,
  dfHealthcheck, dfSetuid, dfWorldWritable, dfDockerignore, dfTagOnly,
];

/** Is this file name a Dockerfile? (`Dockerfile`, `Dockerfile.prod`, `app.dockerfile`, `Containerfile`) */
export function isDockerfileName(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  return /^(?:docker|container)file(?:\.[\w.-]+)?$/.test(base) || base.endsWith(".dockerfile");
}

/**
 * Parses and checks one Dockerfile. `dockerignore`: the context's .dockerignore content, null when it does
 * not exist, undefined to skip that rule. Throws DredgeError (PARSE_ERROR, LIMIT_EXCEEDED) naming the file.
 */
export function scanDockerfile(
  path: string,
  content: Buffer | string,
  options: { dockerignore?: string | null; limits?: DockerfileLimits; rules?: readonly DockerfileRule[] } = {},
): MisconfigFinding[] {
  const dockerfile = parseDockerfile(path, content, options.limits);
  return runRules(options.rules ?? dockerfileRules, { dockerfile, dockerignore: options.dockerignore });
}
