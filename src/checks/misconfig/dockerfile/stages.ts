/** Which stages ship: the final stage and the stages it is built FROM, transitively. */
import type { Rule } from "../types.js";
import { parseAssignments, substitute } from "./substitute.js";
import type { DockerInstruction, DockerStage, Dockerfile } from "./types.js";

export interface DockerfileScanInput {
  dockerfile: Dockerfile;
  /** Content of the build context's .dockerignore; null = the file does not exist; undefined = not looked up. */
  dockerignore?: string | null;
}

export type DockerfileRule = Rule<DockerfileScanInput>;

/** Final stage first, then its ancestors (stages referenced by name or index in FROM). */
export function shippingStages(df: Dockerfile): DockerStage[] {
  const out: DockerStage[] = [];
  let stage: DockerStage | undefined = df.stages[df.stages.length - 1];
  while (stage && !out.includes(stage)) {
    out.push(stage);
    stage = stageByRef(df, stage.base, stage.index);
  }
  return out;
}

export function stageByRef(df: Dockerfile, ref: string, before: number): DockerStage | undefined {
  const lower = ref.toLowerCase();
  return df.stages.find((s) => s.index < before && (s.name === lower || String(s.index) === lower));
}

/** Instructions of the shipping stages, in build order. */
export function shippedInstructions(df: Dockerfile): DockerInstruction[] {
  return shippingStages(df).reverse().flatMap((s) => s.instructions);
}

export function allInstructions(df: Dockerfile): DockerInstruction[] {
  return df.stages.flatMap((s) => s.instructions);
}

export function at(df: Dockerfile, ins: DockerInstruction): { path: string; startLine: number; endLine: number } {
  return { path: df.path, startLine: ins.startLine, endLine: ins.endLine };
}

/** The shell command a RUN executes (exec form joined). */
export function runCommand(ins: DockerInstruction): string {
  return ins.json ? ins.json.join(" ") : ins.args;
}

/**
 * Arguments of the shipped instructions with ARG/ENV values substituted as the builder would (global ARGs
 * re-declared in the stage, stage ARG defaults, ENV), e.g. `USER $APP_USER` → `USER root`.
 */
export function substitutedArgs(df: Dockerfile): Map<DockerInstruction, string> {
  const globals = new Map<string, string>();
  for (const g of df.globalArgs) for (const [k, v] of parseAssignments(g.args, false)) globals.set(k, substitute(v, globals));
  const out = new Map<DockerInstruction, string>();
  const vars = new Map<string, string>();
  for (const stage of shippingStages(df).reverse()) {
    for (const ins of stage.instructions) {
      if (ins.keyword === "ARG") {
        for (const [k, v] of parseAssignments(ins.args, false)) vars.set(k, v !== "" ? substitute(v, vars) : (globals.get(k) ?? vars.get(k) ?? ""));
      } else if (ins.keyword === "ENV") {
        for (const [k, v] of parseAssignments(ins.args, true)) vars.set(k, substitute(v, vars));
      }
      out.set(ins, substitute(ins.args, vars));
    }
  }
  return out;
}
