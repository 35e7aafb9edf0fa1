/** Every matcher, one line each; the first that handles a package matches it. */
import { distroMatcher } from "./distro/matcher.js";
import { languageMatcher } from "./language/matcher.js";
import { runtimeMatcher } from "./runtime/matcher.js";
import type { Matcher } from "./types.js";

export const matchers: readonly Matcher[] = [distroMatcher, languageMatcher, runtimeMatcher];
