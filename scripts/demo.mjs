#!/usr/bin/env node
// `npm run demo`: scan an old image with real advisories, offline. The image (an Alpine 3.4 base, PyYAML,
// lodash/minimist/node-fetch and log4j-core) and the advisory subsets are the fixed, dated data of
// demo/data (PROVENANCE.md); the database is built from them by the ordinary `dredge db build`.
import { mkdirSync } from "node:fs";
import { relative } from "node:path";
import { spawnSync } from "node:child_process";
import { bannerLines, DEMO_DATA, dbBuildArgs, scanArgs } from "./demo-lib.mjs";
import { writeDemoImage } from "./demo-image.mjs";

const image = ".demo/demo.oci-archive.tar";
const db = ".demo/demo.db";
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

/** Runs the CLI from dist/ (built by `npm ci`); `capture` returns its stdout instead of showing it. */
function dredge(args, capture = false) {
  console.log(bold(`\n$ dredge ${args.join(" ")}`));
  const r = spawnSync(process.execPath, ["bin/dredge.js", ...args], { stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"], encoding: "utf8" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  return r.stdout;
}

console.log(bold(bannerLines().join("\n")));
mkdirSync(".demo", { recursive: true });
const built = await writeDemoImage(image);
console.log(`\nbuilt the demo image ${image}: ${built.layers} layers from demo/data/image`);
const summary = JSON.parse(dredge(["db", "build", ...dbBuildArgs(db, relative(process.cwd(), DEMO_DATA)), "--format", "json"], true));
console.log(`built ${db} from ${summary.sources.map((s) => `${s.name} (${s.stored} records)`).join(", ")}`);
dredge(["image", ...scanArgs(image, db), "--group-by", "layer", "--severity", "CRITICAL,HIGH"]);
dredge(["image", ...scanArgs(image, db)]);
dredge(["inspect", image]);
dredge(["image", ...scanArgs(image, db), "--scanners", "secret,misconfig,license"]);
console.log(bold(`\n${bannerLines()[0]}`));
