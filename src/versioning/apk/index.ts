/**
 * Alpine/Wolfi/Chainguard versions, ordered as apk-tools (src/version.c): Gentoo-style
 * `{digit}{.digit}…{letter}{_suffix{#}}…{-r#}` with `_alpha _beta _pre _rc` < release < `_cvs _svn _git _hg _p`.
 */
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";
import { tokenize, INVALID, END, SUFFIX, type ApkTokens } from "./tokens.js";

export type { ApkTokens } from "./tokens.js";

/**
 * Any non-empty version parses: apk-tools compares versions it calls invalid (`1.0bc`, `23_foo`) with the
 * same token walk, stopping at the first token it cannot read, and so does Dredge (its upstream vectors
 * expect that). `isStrictApk` tells whether apk-tools would accept the version.
 */
export function parseApk(input: string): ApkTokens | string {
  const s = input.trim();
  if (s === "") return "version string is empty";
  return tokenize(s);
}

/** What `apk_version_validate` accepts: `{digit}{.digit}…{letter}{_suffix{#}}…{-r#}`. */
export function isStrictApk(input: string): boolean {
  const s = input.trim();
  return s !== "" && tokenize(s).valid;
}

/**
 * Token-wise comparison. Token k carries its value and the type of the token that follows it; the walk
 * stops at the first differing value or following type, as apk's compare loop does.
 */
export function compareApkParsed(a: ApkTokens, b: ApkTokens): Sign {
  const av = a.values;
  const bv = b.values;
  const at = a.next;
  const bt = b.next;
  let k = 0;
  for (;;) {
    const x = av[k]!;
    const y = bv[k]!;
    if (x !== y) return x < y ? -1 : 1;
    const ta = at[k]!;
    const tb = bt[k]!;
    k++;
    if (ta !== tb) return tail(ta, tb, av[k], bv[k]);
    if (ta === END || ta === INVALID) return 0;
  }
}

/** Equal so far, one side goes on: a pre-release suffix makes it smaller, anything else bigger. */
function tail(ta: number, tb: number, nextA: number | undefined, nextB: number | undefined): Sign {
  if (ta === SUFFIX && (nextA ?? -1) < 0) return -1;
  if (tb === SUFFIX && (nextB ?? -1) < 0) return 1;
  if (ta > tb) return -1;
  if (tb > ta) return 1;
  return 0;
}

/** apk-tools' comparison, also for strings apk would not accept (used for upstream's "invalid" vectors). */
export function compareApkLoose(a: string, b: string): Sign {
  return compareApkParsed(tokenize(a), tokenize(b));
}

export const apk = defineScheme<ApkTokens>(
  "apk",
  "Alpine/Wolfi/Chainguard: 1.2.3a_rc1_p2-r4, as apk-tools (versions it calls invalid compare token-wise too)",
  parseApk,
  compareApkParsed,
);
