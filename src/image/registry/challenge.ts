/** `WWW-Authenticate` challenges (RFC 7235): `Bearer realm="…",service="…",scope="…"` and `Basic realm="…"`. */

export interface Challenge {
  /** Lowercased: `bearer`, `basic`. */
  scheme: string;
  params: Record<string, string>;
}

const tokenRe = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** Parse every challenge of a header value; unknown junk ends parsing instead of throwing. */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  const out: Challenge[] = [];
  let rest = (header ?? "").trim();
  while (rest) {
    const scheme = tokenRe.exec(rest)?.[0];
    if (!scheme) break;
    rest = rest.slice(scheme.length).trimStart();
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    rest = parseParams(rest, challenge.params);
  }
  return out;
}

/** Reads `k=v, k="v"` pairs; stops at the next scheme (a token not followed by `=`). Returns what is left. */
function parseParams(input: string, params: Record<string, string>): string {
  let rest = input;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, "");
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(rest);
    if (!m) return rest;
    rest = rest.slice(m[0].length);
    let value: string;
    if (rest.startsWith('"')) {
      let i = 1;
      value = "";
      while (i < rest.length && rest[i] !== '"') {
        if (rest[i] === "\\" && i + 1 < rest.length) i++;
        value += rest[i];
        i++;
      }
      rest = rest.slice(i + 1);
    } else {
      value = tokenRe.exec(rest)?.[0] ?? "";
      rest = rest.slice(value.length);
    }
    params[m[1]!.toLowerCase()] = value;
  }
}
