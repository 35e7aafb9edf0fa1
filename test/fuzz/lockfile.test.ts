/** Fuzz: the lockfile family (test/fuzz/families/lockfile.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { lockfileTargets } from "./families/lockfile.js";

fuzzFamily("lockfile", lockfileTargets);
