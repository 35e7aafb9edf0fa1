#!/usr/bin/env node
// `npm run demo`: build a real image from this machine (offline) and scan it with Dredge.
// Vulnerabilities are included when a database is installed (dredge db update / dredge db build --output
// FILE + DREDGE_DB=FILE); without one the scan covers secrets, misconfigurations and licences.
import { mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

mkdirSync(".demo", { recursive: true });
const node = (args, opts = {}) => spawnSync(process.execPath, args, { stdio: "inherit", ...opts });
const must = (r) => {
  if (r.status !== 0) process.exit(r.status ?? 1);
};
must(node(["scripts/demo-image.mjs", ".demo/demo.oci-archive.tar"]));
must(node(["bin/dredge.js", "inspect", ".demo/demo.oci-archive.tar"]));
const hasDb = node(["bin/dredge.js", "db", "status", "-q"], { stdio: "ignore" }).status === 0;
const scanners = hasDb ? "vuln,secret,misconfig,license" : "secret,misconfig,license";
if (!hasDb) console.error("\nno vulnerability database installed: scanning for secrets, misconfigurations and licences only (see README: dredge db)\n");
const r = node(["bin/dredge.js", "image", ".demo/demo.oci-archive.tar", "--scanners", scanners, "--skip-db-update", "--severity", "CRITICAL,HIGH,MEDIUM"]);
process.exit(r.status ?? 1);
