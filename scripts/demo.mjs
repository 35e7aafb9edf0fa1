#!/usr/bin/env node
// `npm run demo`: build a real image from this machine (offline) and run Dredge on it.
import { mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

mkdirSync(".demo", { recursive: true });
const run = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(["scripts/demo-image.mjs", ".demo/demo.oci-archive.tar"]);
run(["bin/dredge.js", "inspect", ".demo/demo.oci-archive.tar"]);
