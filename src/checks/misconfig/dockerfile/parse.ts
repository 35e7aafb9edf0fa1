/** Parses a Dockerfile into stages of instructions (see lines.ts for the lexing). */
import { DredgeError } from "../../../errors.js";
import { readDirectives, splitInstructions, type RawInstruction } from "./lines.js";
import { substitute } from "./substitute.js";
import { parseAssignments } from "./substitute.js";
import { defaultDockerfileLimits, type DockerInstruction, type DockerStage, type Dockerfile, type DockerfileLimits } from "./types.js";

const known = new Set([
  "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
  "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
]);

export function parseDockerfile(path: string, content: Buffer | string, limits: DockerfileLimits = defaultDockerfileLimits): Dockerfile {
  const size = typeof content === "string" ? content.length : content.length;
  if (size > limits.maxBytes) {
    throw new DredgeError("LIMIT_EXCEEDED", `${path}: ${size} bytes is over the ${limits.maxBytes}-byte Dockerfile limit`, { hint: "Is this really a Dockerfile?" });
  }
  if (typeof content !== "string" && content.subarray(0, 8192).includes(0)) {
    throw new DredgeError("PARSE_ERROR", `${path}: not a Dockerfile (binary content)`);
  }
  const text = (typeof content === "string" ? content : content.toString("utf8")).replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  const { directives, escape } = readDirectives(lines);
  const raws = splitInstructions(path, lines, escape, limits);
  return buildStages(path, directives, raws.map((r) => toInstruction(path, r)));
}

function toInstruction(path: string, raw: RawInstruction): DockerInstruction {
  const m = /^([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(raw.text);
  if (!m || !known.has(m[1]!.toUpperCase())) {
    const word = raw.text.slice(0, 40).replace(/[^\x20-\x7e]/g, "?");
    throw new DredgeError("PARSE_ERROR", `${path}:${raw.startLine}: unknown instruction "${word}"`, { hint: "Is this really a Dockerfile?" });
  }
  const keyword = m[1]!.toUpperCase();
  let rest = m[2] ?? "";
  const flags: Record<string, string> = {};
  for (let f = /^--([a-z][a-z-]*)(?:=(\S*))?\s*/.exec(rest); f; f = /^--([a-z][a-z-]*)(?:=(\S*))?\s*/.exec(rest)) {
    if (keyword === "CMD" || keyword === "ENTRYPOINT") break;
    flags[f[1]!] = f[2] ?? "true";
    rest = rest.slice(f[0].length);
  }
  const json = jsonForm(rest);
  const body = raw.heredocs.length > 0 ? `${rest}\n${raw.heredocs.map((h) => h.body).join("\n")}` : rest;
  return { keyword, args: body.trim(), ...(json ? { json } : {}), flags, heredocs: raw.heredocs, startLine: raw.startLine, endLine: raw.endLine };
}

function jsonForm(s: string): string[] | undefined {
  const t = s.trim();
  if (!t.startsWith("[")) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function buildStages(path: string, directives: Record<string, string>, all: DockerInstruction[]): Dockerfile {
  const globalArgs: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  const globals = new Map<string, string>();
  for (const ins of all) {
    if (ins.keyword === "FROM") {
      stages.push(newStage(path, ins, stages.length, globals));
    } else if (stages.length === 0) {
      if (ins.keyword !== "ARG") throw new DredgeError("PARSE_ERROR", `${path}:${ins.startLine}: ${ins.keyword} before the first FROM`);
      globalArgs.push(ins);
      for (const [k, v] of parseAssignments(ins.args, false)) globals.set(k, substitute(v, globals));
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  if (stages.length === 0) throw new DredgeError("PARSE_ERROR", `${path}: no FROM instruction`, { hint: "Is this really a Dockerfile?" });
  return { path, directives, globalArgs, stages };
}

function newStage(path: string, from: DockerInstruction, index: number, globals: ReadonlyMap<string, string>): DockerStage {
  const m = /^(\S+)(?:\s+as\s+(\S+))?\s*$/i.exec(from.args);
  if (!m) throw new DredgeError("PARSE_ERROR", `${path}:${from.startLine}: FROM needs an image, optionally "AS name"`);
  const platform = from.flags["platform"];
  return {
    index,
    ...(m[2] ? { name: m[2].toLowerCase() } : {}),
    base: substitute(m[1]!, globals),
    ...(platform ? { platform } : {}),
    from,
    instructions: [],
  };
}
