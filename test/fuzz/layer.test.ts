/** Fuzz: the layer family (test/fuzz/families/layer.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { layerTargets } from "./families/layer.js";

fuzzFamily("layer", layerTargets);
