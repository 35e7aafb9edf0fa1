/** Fuzz: the payloads family (test/fuzz/families/payloads.ts). See test/fuzz/budget.ts for longer runs. */
import { fuzzFamily } from "./harness.js";
import { payloadTargets } from "./families/payloads.js";

fuzzFamily("payloads", payloadTargets);
