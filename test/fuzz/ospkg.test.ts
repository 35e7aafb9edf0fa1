/** Fuzz: the ospkg family (test/fuzz/families/ospkg.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { ospkgTargets } from "./families/ospkg.js";

fuzzFamily("ospkg", ospkgTargets);
