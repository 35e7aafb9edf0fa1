/**
 * Every command, one line each, in the order `dredge --help` lists them. The CLI (main.ts) imports each of
 * these modules only when its command runs; this static list is for tools that want the whole program at
 * once (tests checking command lines).
 */
import type { Register } from "../declare.js";
import { admissionCommand } from "./admission.js";
import { attachCommand } from "./attach.js";
import { cacheCommand } from "./cache.js";
import { configCommand } from "./config.js";
import { dbCommand } from "./db.js";
import { diffCommand } from "./diff.js";
import { inspectCommand } from "./inspect.js";
import { policyCommand } from "./policy.js";
import { sbomCommand } from "./sbom.js";
import { scanCommands } from "./scan.js";
import { serverCommands } from "./server.js";

export const allCommands: readonly Register[] = [scanCommands, configCommand, inspectCommand, sbomCommand, attachCommand, diffCommand, policyCommand, dbCommand, cacheCommand, serverCommands, admissionCommand];
