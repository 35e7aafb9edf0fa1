/** The version schemes of Dredge, one id per ecosystem family (see docs/versioning.md). */
export type SchemeId =
  | "deb"
  | "rpm"
  | "apk"
  | "semver"
  | "pep440"
  | "maven"
  | "gem"
  | "go"
  | "nuget"
  | "composer"
  | "generic";

/** Sign of a comparison. */
export type Sign = -1 | 0 | 1;

/**
 * One version scheme. `parse` throws a DredgeError INVALID_VERSION naming the scheme and the input;
 * `compare(a, b)` is `compareParsed(parse(a), parse(b))`. Parse once and call `compareParsed` in hot loops.
 */
export interface VersionScheme<P = unknown> {
  readonly id: SchemeId;
  readonly description: string;
  isValid(version: string): boolean;
  parse(version: string): P;
  compare(a: string, b: string): Sign;
  compareParsed(a: P, b: P): Sign;
}

export function sign(n: number): Sign {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
