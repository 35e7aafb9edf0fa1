/**
 * Dredge's prod set against the package managers' own: each project of ./projects is installed by npm, pnpm,
 * yarn 1 and Yarn Berry from the loopback registry (./registry.ts); the lockfile and package.json files alone
 * are then copied to a fresh folder, read by Dredge's lockfile analyzer, and installed there for production.
 * The packages Dredge does not mark dev must be exactly the packages the manager installed, with one known gap:
 * yarn 1 also installs for production a dev dependency that a prod package declares as a peer (debug's
 * supports-color) with what it needs, and yarn.lock v1 does not record peer dependencies: Dredge marks those dev.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { npmLockAnalyzer } from "../../src/analyzer/lang/npm/analyzer.js";
import { collect, runAnalyzer } from "../../src/analyzer/lang/testing.js";
import { installedPackages, type Manager, managers } from "./managers.js";
import { type LocalRegistry, startRegistry } from "./registry.js";

const here = dirname(fileURLToPath(import.meta.url));
const projects = [
  { name: "basic", workspaces: [] as string[] },
  { name: "workspaces", workspaces: ["packages/*"] },
];

let registry: LocalRegistry;
let tmp = "";

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dredge-lockfile-diff-"));
  registry = await startRegistry(join(here, "packages.json"));
});
after(async () => {
  await registry?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The project's package.json files and the manager's lockfile and configuration: no node_modules. */
function copyLockedProject(from: string, to: string, lockfile: string): void {
  cpSync(from, to, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.endsWith(".yarn") });
  const files = readdirSync(to);
  assert.ok(files.includes(lockfile), `${lockfile} written (${files.join(", ")})`);
}

async function dredgeProdSet(dir: string): Promise<{ prod: Set<string>; dev: Set<string> }> {
  const { result, warnings } = await runAnalyzer(npmLockAnalyzer, collect(npmLockAnalyzer, dir));
  assert.deepEqual(warnings, []);
  const pkgs = result.packageSets?.flatMap((s) => s.packages) ?? [];
  const key = (p: { name: string; version: string }) => `${p.name}@${p.version}`;
  return { prod: new Set(pkgs.filter((p) => p.dev !== true).map(key)), dev: new Set(pkgs.filter((p) => p.dev === true).map(key)) };
}

async function differential(m: Manager, project: (typeof projects)[number]): Promise<void> {
  const work = mkdtempSync(join(tmp, `${m.name}-${project.name}-`));
  const [first, prodDir, cache] = ["install", "prod", "cache"].map((d) => join(work, d)) as [string, string, string];
  mkdirSync(join(work, "home"));
  cpSync(join(here, "projects", project.name), first, { recursive: true });
  m.configure(first, registry.url, cache, project.workspaces);
  await m.install(first);
  copyLockedProject(first, prodDir, m.lockfile);
  const ours = await dredgeProdSet(prodDir);
  await m.installProd(prodDir);
  let theirs = installedPackages(prodDir);
  if (!m.recordsPeers) {
    const gap = peerClosure(ours.prod, theirs);
    assert.ok([...gap].every((p) => ours.dev.has(p)), `peers installed by ${m.name}: ${[...gap].join(" ")}`);
    theirs = new Set([...theirs].filter((p) => !gap.has(p)));
  }
  assert.deepEqual([...ours.prod].sort(), [...theirs].sort(), `dev according to Dredge: ${[...ours.dev].sort().join(" ")}`);
  assert.ok(ours.dev.size > 0, "the project has dev-only packages");
}

const definitions = JSON.parse(readFileSync(join(here, "packages.json"), "utf8")) as Record<string, Record<string, Record<string, Record<string, string>>>>;

/** Installed packages that prod packages declare as peers, and what those need (from the registry's definitions). */
function peerClosure(prod: ReadonlySet<string>, installed: ReadonlySet<string>): Set<string> {
  const split = (p: string): [string, string] => [p.slice(0, p.lastIndexOf("@")), p.slice(p.lastIndexOf("@") + 1)];
  const fields = (p: string) => definitions[split(p)[0]]?.[split(p)[1]] ?? {};
  const named = (names: string[]) => [...installed].filter((p) => names.includes(split(p)[0]) && !prod.has(p));
  const out = new Set(named([...prod].flatMap((p) => Object.keys(fields(p).peerDependencies ?? {}))));
  for (const p of out) named(Object.keys(fields(p).dependencies ?? {})).forEach((d) => out.add(d));
  return out;
}

describe("lockfile dev/prod sets against the package managers (loopback registry)", { concurrency: 2 }, () => {
  for (const m of managers) {
    for (const project of projects) {
      // The managers are devDependencies (npm ci installs them); a shared node_modules may lack them locally, never in CI.
      const missing = m.bin() !== "npm" && !existsSync(m.bin()) && !process.env.CI ? `${m.bin()} is not installed (npm ci)` : false;
      it(`${m.name}: ${project.name}`, { skip: missing }, () => differential(m, project));
    }
  }
});
