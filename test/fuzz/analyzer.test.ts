/** Fuzz: the analyzer family (test/fuzz/families/analyzer.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { analyzerTargets } from "./families/analyzer.js";

fuzzFamily("analyzer", analyzerTargets);
