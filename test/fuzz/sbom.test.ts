/** Fuzz: the sbom family (test/fuzz/families/sbom.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { sbomTargets } from "./families/sbom.js";

fuzzFamily("sbom", sbomTargets);
