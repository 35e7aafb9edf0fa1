/**
 * Dockerfile lexing: parser directives, comments, line continuations (with the `escape` directive) and
 * heredocs → logical instructions with their first and last line.
 */
import { DredgeError } from "../../../errors.js";
import type { DockerfileLimits, Heredoc } from "./types.js";

export interface RawInstruction {
  text: string;
  heredocs: Heredoc[];
  startLine: number;
  endLine: number;
}

const directiveRe = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;

export function readDirectives(lines: readonly string[]): { directives: Record<string, string>; escape: string } {
  const directives: Record<string, string> = {};
  for (const line of lines) {
    const m = directiveRe.exec(line);
    if (!m) break;
    const key = m[1]!.toLowerCase();
    if (key in directives) break;
    directives[key] = m[2]!;
  }
  const escape = directives["escape"] === "`" ? "`" : "\\";
  return { directives, escape };
}

const heredocRe = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function splitInstructions(path: string, lines: readonly string[], escape: string, limits: DockerfileLimits): RawInstruction[] {
  const out: RawInstruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    if (/^\s*(#|$)/.test(first)) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let text = "";
    for (;;) {
      const line = lines[i] ?? "";
      i++;
      if (/^\s*#/.test(line) && text !== "") continue; // comment inside a continuation
      const cont = continues(line, escape);
      text += cont ? stripEscape(line, escape) : line;
      if (text.length > limits.maxInstructionChars) throw tooLong(path, startLine, limits);
      if (!cont || i >= lines.length) break;
    }
    const heredocs: Heredoc[] = [];
    for (const m of text.matchAll(heredocRe)) {
      if (!/^\s*(RUN|COPY|ADD)\b/i.test(text)) break;
      const strip = m[1] === "-";
      const body: string[] = [];
      while (i < lines.length) {
        const line = lines[i++]!;
        if ((strip ? line.replace(/^\t+/, "") : line) === m[3]) break;
        body.push(strip ? line.replace(/^\t+/, "") : line);
        if (body.length > limits.maxInstructionChars / 8) throw tooLong(path, startLine, limits);
      }
      heredocs.push({ name: m[3]!, body: body.join("\n") });
    }
    out.push({ text: text.trim(), heredocs, startLine, endLine: i });
    if (out.length > limits.maxInstructions) {
      throw new DredgeError("LIMIT_EXCEEDED", `${path}: more than ${limits.maxInstructions} instructions`, { hint: "Is this really a Dockerfile?" });
    }
  }
  return out;
}

function continues(line: string, escape: string): boolean {
  const t = line.trimEnd();
  return t.endsWith(escape) && !t.endsWith(escape + escape);
}

function stripEscape(line: string, escape: string): string {
  const t = line.trimEnd();
  return t.slice(0, t.length - escape.length) + " ";
}

function tooLong(path: string, line: number, limits: DockerfileLimits): DredgeError {
  return new DredgeError("LIMIT_EXCEEDED", `${path}:${line}: instruction longer than ${limits.maxInstructionChars} characters`, {
    hint: "Dockerfile instructions that long are not supported; is this really a Dockerfile?",
  });
}
