/**
 * Strings kept for the whole run (package fields, purls) as standalone copies. V8 keeps a substring of 13
 * characters or more as a view into its parent (a maintainer sliced from a 1.3 MB dpkg status keeps the whole
 * text alive: 9 MB for the big bench image's rewritten status files), and a string built by `+` or a template
 * as a rope of its pieces (~300 bytes for a purl of 60 characters). A copy holds neither.
 */
export function detachString(s: string): string {
  // A JSON round trip makes a flat copy and keeps lone surrogates as they are (a UTF-8 round trip would not).
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
