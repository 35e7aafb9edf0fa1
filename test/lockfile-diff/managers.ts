/**
 * The real package managers of the differential test, run offline against the loopback registry: npm (the
 * one beside node), pnpm 10, yarn 1 and Yarn Berry 4 (devDependencies of this repository). Each writes its
 * configuration into the project, installs it (writing the lockfile), and installs the production set from
 * the lockfile alone in another folder: `npm ci --omit=dev`, `pnpm install --prod`, yarn 1
 * `install --production`, Yarn Berry `workspaces focus --all --production`.
 */
import { execFile } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type ManagerName = "npm" | "pnpm" | "yarn-classic" | "yarn-berry";

export interface Manager {
  name: ManagerName;
  lockfile: string;
  /** The package manager's executable script, or "npm" (the one beside node). */
  bin(): string;
  /** False when the lockfile does not say which packages declare peer dependencies (yarn 1). */
  recordsPeers: boolean;
  configure(dir: string, registry: string, cache: string, workspaces: string[]): void;
  install(dir: string): Promise<void>;
  installProd(dir: string): Promise<void>;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (pkg: string, rel: string): string => join(root, "node_modules", pkg, rel);

/** No inherited npm/yarn/pnpm configuration, no CI switches (Berry makes installs immutable under CI). */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, TMPDIR: process.env.TMPDIR, LANG: "C" };
}

function run(dir: string, file: string, args: string[]): Promise<void> {
  const home = join(dir, "..", "home");
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: dir, env: cleanEnv(home), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(" ")} in ${dir} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

const node = (dir: string, script: string, args: string[]) => run(dir, process.execPath, [script, ...args]);

const npm: Manager = {
  name: "npm",
  lockfile: "package-lock.json",
  bin: () => "npm",
  recordsPeers: true,
  configure: (dir, registry, cache) =>
    writeFileSync(join(dir, ".npmrc"), `registry=${registry}/\ncache=${cache}\naudit=false\nfund=false\nupdate-notifier=false\nignore-scripts=true\n`),
  install: (dir) => run(dir, "npm", ["install", "--no-audit", "--no-fund"]),
  installProd: (dir) => run(dir, "npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"]),
};

const pnpmBin = (): string => bin("pnpm", "bin/pnpm.cjs");
const pnpm: Manager = {
  name: "pnpm",
  lockfile: "pnpm-lock.yaml",
  bin: () => pnpmBin(),
  recordsPeers: true,
  configure: (dir, registry, cache, workspaces) => {
    writeFileSync(join(dir, ".npmrc"), `registry=${registry}/\nstore-dir=${cache}\nupdate-notifier=false\nmanage-package-manager-versions=false\n`);
    if (workspaces.length > 0) writeFileSync(join(dir, "pnpm-workspace.yaml"), `packages:\n${workspaces.map((w) => `  - "${w}"\n`).join("")}`);
  },
  install: (dir) => node(dir, pnpmBin(), ["install", "--reporter=silent"]),
  installProd: (dir) => node(dir, pnpmBin(), ["install", "--prod", "--frozen-lockfile", "--reporter=silent"]),
};

const yarnBin = (): string => bin("yarn", "bin/yarn.js");
const yarnClassic: Manager = {
  name: "yarn-classic",
  lockfile: "yarn.lock",
  bin: () => yarnBin(),
  recordsPeers: false,
  configure: (dir, registry, cache) => {
    writeFileSync(join(dir, ".yarnrc"), `registry "${registry}/"\ndisable-self-update-check true\ncache-folder "${cache}"\n`);
  },
  install: (dir) => node(dir, yarnBin(), ["install", "--non-interactive", "--no-progress", "--ignore-scripts"]),
  installProd: (dir) => node(dir, yarnBin(), ["install", "--production", "--frozen-lockfile", "--non-interactive", "--no-progress", "--ignore-scripts"]),
};

const berryBin = (): string => bin("@yarnpkg/cli-dist", "bin/yarn.js");
const yarnBerry: Manager = {
  name: "yarn-berry",
  lockfile: "yarn.lock",
  bin: () => berryBin(),
  recordsPeers: true,
  configure: (dir, registry, cache) => {
    const rc = [
      `npmRegistryServer: "${registry}"`,
      'unsafeHttpWhitelist: ["127.0.0.1"]',
      "nodeLinker: node-modules",
      "enableTelemetry: false",
      "enableGlobalCache: false",
      `cacheFolder: "${cache}"`,
      "enableImmutableInstalls: false",
      "enableScripts: false",
    ];
    writeFileSync(join(dir, ".yarnrc.yml"), `${rc.join("\n")}\n`);
    if (!existsSync(join(dir, "yarn.lock"))) writeFileSync(join(dir, "yarn.lock"), "");
  },
  install: (dir) => node(dir, berryBin(), ["install"]),
  installProd: (dir) => node(dir, berryBin(), ["workspaces", "focus", "--all", "--production"]),
};

export const managers: readonly Manager[] = [npm, pnpm, yarnClassic, yarnBerry];

/** name@version of every package installed under `dir`/node_modules (real directories; links are workspaces). */
export function installedPackages(dir: string): Set<string> {
  const out = new Set<string>();
  const visit = (pkgDir: string): void => {
    if (!existsSync(pkgDir) || lstatSync(pkgDir).isSymbolicLink()) return;
    const manifest = join(pkgDir, "package.json");
    if (existsSync(manifest)) {
      const doc = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (doc.name && doc.version) out.add(`${doc.name}@${doc.version}`);
    }
    walk(join(pkgDir, "node_modules"));
  };
  const walk = (nm: string): void => {
    if (!existsSync(nm) || lstatSync(nm).isSymbolicLink()) return;
    for (const name of readdirSync(nm)) {
      if (name === ".pnpm") readdirSync(join(nm, name)).forEach((id) => walk(join(nm, name, id, "node_modules")));
      else if (name.startsWith("@")) readdirSync(join(nm, name)).forEach((s) => visit(join(nm, name, s)));
      else if (!name.startsWith(".")) visit(join(nm, name));
    }
  };
  walk(join(dir, "node_modules"));
  return out;
}
