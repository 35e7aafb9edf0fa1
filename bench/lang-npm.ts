/**
 * A generated node_modules tree: top-level, scoped and nested (node_modules/a/node_modules/b, some two deep)
 * packages, each with a real-looking package.json, sources, README and LICENSE; some hold a non-package
 * `lib/package.json` ({"type":"module"}), as real trees do. Plus the application's own package.json.
 */
import type { LayerEntry } from "../test/helpers/oci-writer.js";
import { int, LICENSES, MIT_TEXT, pick, semver, slice, uniqueWord, type Rand } from "./lang-gen.js";

export interface NpmTree {
  entries: LayerEntry[];
  /** package.json files that are packages (node_modules ones and the app's). */
  packages: number;
}

interface Pkg { name: string; version: string }

const SUFFIXES = ["", "", "", "-js", "-core", "-utils", ".js", "-parser", "-plugin", "-loader"];

function topLevel(r: Rand, count: number): Pkg[] {
  const scopes = Array.from({ length: 60 }, (_, i) => `@${uniqueWord(i, 2)}`);
  return Array.from({ length: count }, (_, i) => {
    const bare = `${uniqueWord(i)}${pick(r, SUFFIXES)}`;
    return { name: i % 7 === 6 ? `${pick(r, scopes)}/${bare}` : bare, version: semver(r) };
  });
}

function manifest(r: Rand, p: Pkg, pool: readonly Pkg[], nested: boolean): string {
  const deps: Record<string, string> = {};
  for (let i = int(r, 0, 8); i > 0; i--) {
    const d = pick(r, pool);
    deps[d.name] = `^${d.version.split(".").slice(0, 2).join(".")}.0`;
  }
  const license = pick(r, LICENSES);
  const doc: Record<string, unknown> = {
    name: p.name,
    version: p.version,
    description: `${p.name.replace(/[@/.-]/g, " ").trim()} for node`,
    main: "index.js",
    ...(r() < 0.3 ? { types: "index.d.ts" } : {}),
    ...(r() < 0.05 ? { licenses: [{ type: license, url: `https://opensource.org/licenses/${license}` }] } : { license }),
    repository: { type: "git", url: `git+https://github.com/example/${p.name.replace(/^@/, "")}.git` },
    author: `${uniqueWord(int(r, 0, 5000), 2)} <dev@example.com>`,
    keywords: [uniqueWord(int(r, 0, 5000), 2), uniqueWord(int(r, 0, 5000), 2)],
    dependencies: deps,
    engines: { node: `>=${int(r, 8, 18)}` },
    scripts: { test: "mocha test" },
    ...(nested && r() < 0.2 ? { _resolved: `https://registry.npmjs.org/${p.name}/-/x-${p.version}.tgz`, _integrity: "sha512-AAAA" } : {}),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

function packageFiles(r: Rand, dir: string, p: Pkg, pool: readonly Pkg[], nested: boolean, text: Buffer): LayerEntry[] {
  const out: LayerEntry[] = [
    { path: `${dir}/package.json`, content: manifest(r, p, pool, nested) },
    { path: `${dir}/index.js`, content: slice(r, text, 300, 4000) },
    { path: `${dir}/README.md`, content: slice(r, text, 300, 3000) },
  ];
  if (r() < 0.7) out.push({ path: `${dir}/LICENSE`, content: MIT_TEXT });
  if (r() < 0.3) out.push({ path: `${dir}/index.d.ts`, content: slice(r, text, 100, 1500) });
  for (let i = int(r, 0, 4); i > 0; i--) out.push({ path: `${dir}/lib/${uniqueWord(i, 2)}.js`, content: slice(r, text, 200, 6000) });
  if (r() < 0.08) out.push({ path: `${dir}/${pick(r, ["lib", "esm", "dist"])}/package.json`, content: '{\n  "type": "module"\n}\n' });
  return out;
}

/** `total` installed packages under /app/node_modules (7/10 top level, the rest nested). */
export function npmTree(r: Rand, text: Buffer, total = 10_000): NpmTree {
  const top = topLevel(r, Math.round(total * 0.7));
  const entries: LayerEntry[] = [];
  const dirs: string[] = [];
  for (const p of top) {
    const dir = `app/node_modules/${p.name}`;
    dirs.push(dir);
    entries.push(...packageFiles(r, dir, p, top, false, text));
  }
  const used = new Set(dirs);
  let made = top.length;
  while (made < total) {
    const parent = r() < 0.1 && dirs.length > top.length ? dirs[int(r, top.length, dirs.length - 1)]! : dirs[int(r, 0, top.length - 1)]!;
    const base = pick(r, top);
    const dir = `${parent}/node_modules/${base.name}`;
    if (used.has(dir) || parent.endsWith(`/${base.name}`)) continue;
    used.add(dir);
    dirs.push(dir);
    const p = { name: base.name, version: semver(r, Number(base.version.split(".")[0]) + 1) };
    entries.push(...packageFiles(r, dir, p, top, true, text));
    made++;
  }
  const app = { name: "bench-app", version: "1.0.0", private: true, dependencies: Object.fromEntries(top.slice(0, 40).map((p) => [p.name, `^${p.version}`])) };
  entries.push({ path: "app/package.json", content: JSON.stringify(app, null, 2) + "\n" }, { path: "app/server.js", content: slice(r, text, 2000, 8000) });
  return { entries, packages: total + 1 };
}
