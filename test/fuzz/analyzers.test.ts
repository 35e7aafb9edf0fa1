/** Fuzz: the analyzers family (test/fuzz/families/analyzers.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { analyzerTargets } from "./families/analyzers.js";

fuzzFamily("analyzer", analyzerTargets);
