import { DredgeError } from "../errors.js";
import type { SchemeId, Sign, VersionScheme } from "./types.js";

export function invalidVersion(scheme: string, input: string, why?: string): DredgeError {
  const detail = why ? `: ${why}` : "";
  return new DredgeError("INVALID_VERSION", `invalid ${scheme} version "${input}"${detail}`, {
    hint: `the ${scheme} scheme cannot order this version; check the package metadata or advisory it came from`,
    details: { scheme, version: input },
  });
}

export function invalidRange(scheme: string, input: string, why?: string): DredgeError {
  const detail = why ? `: ${why}` : "";
  return new DredgeError("INVALID_VERSION", `invalid ${scheme} version range "${input}"${detail}`, {
    details: { scheme, range: input },
  });
}

/** No real version is this long; refusing longer input bounds parsing work on untrusted data. */
export const MAX_VERSION_LENGTH = 1024;

/** Parsed versions kept per scheme (cleared when full). */
const PARSE_CACHE_SIZE = 50_000;

/**
 * Builds a scheme from a parser that returns a parsed value or a reason string (invalid), and a comparator
 * of parsed values.
 */
export function defineScheme<P>(
  id: SchemeId,
  description: string,
  tryParse: (version: string) => P | string,
  compareParsed: (a: P, b: P) => Sign,
): VersionScheme<P> {
  // Scans compare the same versions (advisory bounds, installed versions) many times: parse each once.
  // Parsed values are treated as immutable by every comparator.
  const cache = new Map<string, P | string>();
  const guarded = (version: string): P | string => {
    let p = cache.get(version);
    if (p === undefined) {
      p = version.length > MAX_VERSION_LENGTH ? `longer than ${MAX_VERSION_LENGTH} characters` : tryParse(version);
      if (cache.size >= PARSE_CACHE_SIZE) cache.clear();
      cache.set(version, p);
    }
    return p;
  };
  const parse = (version: string): P => {
    const p = guarded(version);
    if (typeof p === "string") throw invalidVersion(id, version, p);
    return p;
  };
  return {
    id,
    description,
    isValid: (version) => typeof guarded(version) !== "string",
    parse,
    compare: (a, b) => compareParsed(parse(a), parse(b)),
    compareParsed,
  };
}
