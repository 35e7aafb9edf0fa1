/** The bench suites, one line each. */
import type { BenchSuite } from "./types.js";
import { walkSuite } from "./walk.js";
import { versioningSuite } from "./versioning.js";
import { dbSuite } from "./db.js";
import { inventorySuite } from "./inventory.js";
import { secretsSuite } from "./secrets.js";

export const suites: readonly BenchSuite[] = [walkSuite, versioningSuite, inventorySuite, secretsSuite, dbSuite];
