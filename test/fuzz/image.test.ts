/** Fuzz: the image family (test/fuzz/families/image.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { imageTargets } from "./families/image.js";

fuzzFamily("image", imageTargets);
