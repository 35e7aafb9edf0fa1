/** Fuzz: the feed family (test/fuzz/families/feed.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { feedTargets } from "./families/feed.js";

fuzzFamily("feed", feedTargets);
