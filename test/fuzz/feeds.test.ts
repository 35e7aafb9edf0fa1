/** Fuzz: the feeds family (test/fuzz/families/feeds.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { feedTargets } from "./families/feeds.js";

fuzzFamily("feed", feedTargets);
