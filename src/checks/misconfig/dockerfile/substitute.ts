/** Dockerfile variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` (unknown → empty). */

export function substitute(s: string, vars: ReadonlyMap<string, string>): string {
  if (!s.includes("$")) return s;
  return s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? "";
    const value = vars.get(name);
    if (op === "-") return value === undefined || value === "" ? (word ?? "") : value;
    if (op === "+") return value === undefined || value === "" ? "" : (word ?? "");
    return value ?? "";
  });
}

/** `A=1 B="two words"` or legacy `A 1` → pairs. */
export function parseAssignments(args: string, legacySpace: boolean): [string, string][] {
  const out: [string, string][] = [];
  if (legacySpace && !/^[^\s=]+=/.test(args.trim())) {
    const m = /^(\S+)\s+(.*)$/s.exec(args.trim());
    if (m) out.push([m[1]!, m[2]!.trim()]);
    return out;
  }
  const re = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const m of args.matchAll(re)) {
    const raw = m[2];
    const value = raw === undefined ? undefined : raw.replace(/^"(.*)"$/s, "$1").replace(/^'(.*)'$/s, "$1");
    out.push([m[1]!, value ?? ""]);
  }
  return out;
}
