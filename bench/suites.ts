/** The bench suites, one line each. */
import type { BenchSuite } from "./types.js";

export const suites: readonly BenchSuite[] = [];
