/** .dockerignore evaluation (enough of it to tell whether sensitive names are excluded). */

/** Names that must not reach the build context. */
export const sensitiveContextNames = [".git", ".env", "id_rsa", "server.key", "cert.pem"];

/** Sensitive names the file does not exclude (all of them when the file is missing). */
export function dockerignoreMissing(content: string | null): string[] {
  if (content === null) return [...sensitiveContextNames];
  const patterns = content
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .slice(0, 10_000)
    .map((l) => ({ negate: l.startsWith("!"), re: globToRegex(l.replace(/^!/, "").replace(/^\/+|\/+$/g, "")) }));
  return sensitiveContextNames.filter((name) => !excluded(name, patterns));
}

function excluded(name: string, patterns: { negate: boolean; re: RegExp }[]): boolean {
  let out = false;
  for (const p of patterns) {
    // A name is excluded if it matches at the context root or (for **/ patterns) anywhere.
    if (p.re.test(name) || p.re.test(`sub/${name}`)) out = !p.negate;
  }
  return out;
}

export function globToRegex(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length && i < 1024; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
      if (glob[i + 1] === "/") i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}
