/** The bench suites, one line each. */
import type { BenchSuite } from "./types.js";
import { walkSuite } from "./walk.js";
import { versioningSuite } from "./versioning.js";
import { dbSuite } from "./db.js";
import { inventorySuite } from "./inventory.js";
import { secretsSuite } from "./secrets.js";
import { langSuite } from "./lang.js";
import { serverSuite } from "./server.js";
import { cliSuite } from "./cli.js";
import { policySuite } from "./policy.js";
import { bigSuite } from "./big.js";
import { monitorSuite } from "./monitor.js";
import { gateSuite } from "./gate.js";
import { inputListSuite } from "./input-list.js";

export const suites: readonly BenchSuite[] = [cliSuite, walkSuite, versioningSuite, inventorySuite, langSuite, secretsSuite, dbSuite, policySuite, inputListSuite, gateSuite, serverSuite, monitorSuite, bigSuite];
