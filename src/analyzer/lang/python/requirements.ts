/** requirements*.txt: only exactly pinned requirements (`name==1.2.3`, `name[extra]===1.2.3`) are packages. */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { dedupe } from "../types.js";
import { pypiPackage } from "./package.js";

export function isRequirementsPath(path: string): boolean {
  return /(^|\/)[^/]*requirements[^/]*\.txt$/.test(path);
}

const PINNED = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s;,#]+)\s*(?:;.*)?$/;

export function parseRequirements(content: Buffer, path: string): ParseResult {
  const out: Package[] = [];
  // Join `\` continuations, drop comments and pip options (`--hash=…`, `-r other.txt`, `-e .`).
  const text = content.toString("utf8").replace(/\\\r?\n/g, " ");
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").replace(/\s--?[a-z-]+(=|\s+)\S+/g, "").trim();
    if (line === "" || line.startsWith("-")) continue;
    const m = PINNED.exec(line);
    if (m?.[1] && m[2] && !m[2].includes("*")) out.push(pypiPackage(m[1], m[2], path));
  }
  return { packages: dedupe(out), warnings: [] };
}
