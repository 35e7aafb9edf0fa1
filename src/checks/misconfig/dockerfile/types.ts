/** A parsed Dockerfile: parser directives, global ARGs, stages of instructions with their line numbers. */

export interface Heredoc {
  name: string;
  body: string;
}

export interface DockerInstruction {
  /** Upper case: RUN, COPY, FROM… */
  keyword: string;
  /** Everything after the keyword and flags, continuation lines joined with a space, heredoc bodies appended. */
  args: string;
  /** Exec (JSON) form, when the arguments are a JSON array of strings. */
  json?: string[];
  /** `--from=build`, `--mount=…`, `--platform=…`, `--chown=…` (the last of a repeated flag wins). */
  flags: Record<string, string>;
  heredocs: Heredoc[];
  startLine: number;
  endLine: number;
}

export interface DockerStage {
  index: number;
  /** `FROM … AS name`, lower case. */
  name?: string;
  /** The base image with global ARGs substituted (`scratch`, a stage name, or an image reference). */
  base: string;
  platform?: string;
  from: DockerInstruction;
  instructions: DockerInstruction[];
}

export interface Dockerfile {
  path: string;
  directives: Record<string, string>;
  /** ARGs before the first FROM. */
  globalArgs: DockerInstruction[];
  stages: DockerStage[];
}

export interface DockerfileLimits {
  /** Bytes of the whole file. */
  maxBytes: number;
  /** Characters of one logical instruction (continuations and heredocs included). */
  maxInstructionChars: number;
  maxInstructions: number;
}

export const defaultDockerfileLimits: DockerfileLimits = {
  maxBytes: 4 * 1024 * 1024,
  maxInstructionChars: 1024 * 1024,
  maxInstructions: 10_000,
};
