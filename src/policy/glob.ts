/**
 * A small path glob matcher for ignore-file scopes (node's path.matchesGlob is experimental on Node 20 and
 * prints a warning). Supported: `*` (any run of characters within one path segment), `?` (one character),
 * `[abc]` / `[a-z]` / `[!abc]` character classes, and `**` as a whole segment (zero or more segments).
 * Leading `/` and `./` are ignored on both sides, so `usr/lib/**` and `/usr/lib/**` are the same.
 * No regular expressions: matching is O(pattern × path) whatever the pattern, so a hostile or careless
 * pattern (`**` repeated, `*a*a*a*b`) cannot make it backtrack for minutes.
 */

type Token = { kind: "star" } | { kind: "one" } | { kind: "lit"; ch: string } | { kind: "class"; negate: boolean; body: string };
type Segment = "**" | Token[];

/** `/usr/lib/x` → `usr/lib/x`; `./a//b/` → `a/b`. */
export function normalizeGlobPath(p: string): string {
  return p
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

function tokenize(seg: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charAt(i);
    const end = c === "[" ? seg.indexOf("]", i + 2) : -1;
    if (c === "*") {
      if (out.at(-1)?.kind !== "star") out.push({ kind: "star" });
    } else if (c === "?") out.push({ kind: "one" });
    else if (end > 0) {
      const body = seg.slice(i + 1, end);
      const negate = body.startsWith("!") || body.startsWith("^");
      out.push({ kind: "class", negate, body: negate ? body.slice(1) : body });
      i = end;
    } else out.push({ kind: "lit", ch: c });
  }
  return out;
}

function inClass(body: string, ch: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const lo = body.charAt(i);
    if (body.charAt(i + 1) === "-" && i + 2 < body.length) {
      if (ch >= lo && ch <= body.charAt(i + 2)) return true;
      i += 2;
    } else if (ch === lo) return true;
  }
  return false;
}

function tokenMatches(t: Token, ch: string): boolean {
  if (t.kind === "one") return true;
  if (t.kind === "lit") return t.ch === ch;
  if (t.kind === "class") return inClass(t.body, ch) !== t.negate;
  return false;
}

/** Wildcard match of one segment: greedy `*` with a single backtrack point (O(n × m)). */
function segmentMatches(tokens: Token[], s: string): boolean {
  let ti = 0;
  let si = 0;
  let starT = -1;
  let starS = 0;
  while (si < s.length) {
    const t = tokens[ti];
    if (t && t.kind !== "star" && tokenMatches(t, s.charAt(si))) {
      ti++;
      si++;
    } else if (t?.kind === "star") {
      starT = ti++;
      starS = si;
    } else if (starT >= 0) {
      ti = starT + 1;
      si = ++starS;
    } else return false;
  }
  while (tokens[ti]?.kind === "star") ti++;
  return ti === tokens.length;
}

export function compileGlob(glob: string): Segment[] {
  const segs: Segment[] = [];
  for (const s of normalizeGlobPath(glob).split("/")) {
    if (s === "**") {
      if (segs.at(-1) !== "**") segs.push("**");
    } else if (s !== "") segs.push(tokenize(s));
  }
  return segs;
}

/** Matches compiled segments against path parts with a memo over (segment, part) positions. */
function pathMatches(segs: Segment[], parts: string[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (parts.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const seg = segs[i];
    let r: boolean;
    if (seg === undefined) r = j === parts.length;
    else if (seg === "**") r = go(i + 1, j) || (j < parts.length && go(i, j + 1));
    else r = j < parts.length && segmentMatches(seg, parts[j] as string) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * True when `path` matches `glob`, or lies under the directory `glob` names: `app/node_modules/lodash`
 * matches `app/node_modules/lodash/package.json`.
 */
export function matchesGlob(path: string, glob: string): boolean {
  return globMatcher(glob, { under: true })(path);
}

const pathParts = (path: string): string[] => {
  const p = normalizeGlobPath(path);
  return p === "" ? [] : p.split("/");
};

/** `glob` compiled once: a predicate on paths; `under` also accepts paths below what the glob names. */
export function globMatcher(glob: string, opts: { under?: boolean } = {}): (path: string) => boolean {
  const segs = compileGlob(glob);
  const below: Segment[] = [...segs, "**"];
  return (path) => {
    const parts = pathParts(path);
    return pathMatches(segs, parts) || (opts.under === true && pathMatches(below, parts));
  };
}

/**
 * A wildcard over a whole string (no path segments): `*` is any run of characters (`/` included), `?` one,
 * `[a-z]` a class. Case-insensitive when `fold` (finding ids). Linear like the globs above (no regex).
 */
export function wildcardMatcher(pattern: string, opts: { fold?: boolean } = {}): (text: string) => boolean {
  const fold = opts.fold === true;
  const tokens = tokenize(fold ? pattern.toLowerCase() : pattern);
  return (text) => segmentMatches(tokens, fold ? text.toLowerCase() : text);
}
