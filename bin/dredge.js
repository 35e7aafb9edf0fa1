#!/usr/bin/env node
import { main } from "../dist/cli/main.js";

const code = await main(process.argv);
// Flush stdout before exiting: sockets or timers left by an aborted operation must not keep us alive.
process.stdout.write("", () => process.exit(code));
