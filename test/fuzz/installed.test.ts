/** Fuzz: the installed family (test/fuzz/families/installed.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { installedTargets } from "./families/installed.js";

fuzzFamily("installed", installedTargets);
