/**
 * What the demo data (demo/data) says a scan of the demo image must report, read from the shipped files
 * themselves: the packages each layer installs, and every advisory of the feed subsets that affects one of
 * them (with its fixed versions). Deliberately simple readers, independent of Dredge's analyzers and
 * matchers; only version comparison is borrowed (src/versioning, tested on its own).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { schemeIdForEcosystem, schemes } from "../../src/versioning/registry.js";
import type { SchemeId } from "../../src/versioning/types.js";
import { readDemoManifest } from "../../scripts/demo-lib.mjs";

export interface DemoPackage {
  ecosystem: "alpine" | "npm" | "pypi" | "maven";
  name: string;
  version: string;
  /** Alpine: the origin (source) package, what secdb is keyed by. */
  origin?: string;
  /** The history line of the layer that holds the package. */
  createdBy: string;
}

export interface ExpectedFinding {
  pkg: DemoPackage;
  /** The id a scan reports: the smallest CVE alias, else the advisory's own id. */
  id: string;
  fixed: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const header = (text: string, field: string): string | undefined =>
  new RegExp(`^${field}:[ \\t]*(.+)$`, "mi").exec(text)?.[1]?.trim();

function packagesOf(file: string, createdBy: string): DemoPackage[] {
  const text = readFileSync(file, "utf8");
  if (file.endsWith("/lib/apk/db/installed")) {
    return text.split(/\n\n+/).flatMap((rec) => {
      const f = (k: string) => new RegExp(`^${k}:(.*)$`, "m").exec(rec)?.[1];
      const [name, version] = [f("P"), f("V")];
      return name && version ? [{ ecosystem: "alpine" as const, name, version, origin: f("o") ?? name, createdBy }] : [];
    });
  }
  if (/\/node_modules\/[^/]+\/package\.json$/.test(file)) {
    const j = JSON.parse(text) as { name: string; version: string };
    return [{ ecosystem: "npm", name: j.name, version: j.version, createdBy }];
  }
  if (file.endsWith(".dist-info/METADATA")) return [{ ecosystem: "pypi", name: header(text, "Name")!, version: header(text, "Version")!, createdBy }];
  if (file.endsWith("/pom.properties")) {
    const prop = (k: string) => new RegExp(`^${k}=(.*)$`, "m").exec(text)?.[1]?.trim();
    return [{ ecosystem: "maven", name: `${prop("groupId")}:${prop("artifactId")}`, version: prop("version")!, createdBy }];
  }
  return [];
}

/** Every package of the demo image, layer by layer as demo.json lists them. */
export function demoPackages(dataDir: string): DemoPackage[] {
  return readDemoManifest(dataDir).image.layers.flatMap((l) => walk(join(dataDir, l.dir)).flatMap((f) => packagesOf(f, l.createdBy)));
}

const schemeOf = (p: DemoPackage): SchemeId => (p.ecosystem === "alpine" ? "apk" : schemeIdForEcosystem(p.ecosystem));
/** Compares two versions of `p`'s package by its ecosystem's scheme. */
export const cmp = (p: DemoPackage, a: string, b: string): number => schemes[schemeOf(p)].compare(a, b);
const pep503 = (n: string): string => n.toLowerCase().replace(/[-_.]+/g, "-");

interface SecdbFile { packages: { pkg: { name: string; secfixes?: Record<string, string[] | null> } }[] }

function alpineExpectations(file: string, pkgs: DemoPackage[], out: ExpectedFinding[]): void {
  const db = parseYaml(readFileSync(file, "utf8")) as SecdbFile;
  for (const { pkg: entry } of db.packages) {
    for (const p of pkgs.filter((x) => x.ecosystem === "alpine" && x.origin === entry.name)) {
      const byId = new Map<string, string[]>();
      for (const [fixed, ids] of Object.entries(entry.secfixes ?? {})) {
        if (fixed === "0" || cmp(p, p.version, fixed) >= 0) continue;
        for (const id of (ids ?? []).flatMap((s) => s.split(/\s+/))) byId.set(id, [...(byId.get(id) ?? []), fixed]);
      }
      for (const [id, fixed] of byId) out.push({ pkg: p, id, fixed });
    }
  }
}

type OsvEvent = Partial<Record<"introduced" | "fixed" | "last_affected", string>>;
interface OsvRecord {
  id: string;
  aliases?: string[];
  affected: { package: { ecosystem: string; name: string }; ranges?: { type: string; events: OsvEvent[] }[]; versions?: string[] }[];
}

/** Fixed versions of the ranges that hold `p`'s version ([] when affected with no fix), or undefined. */
function affects(p: DemoPackage, a: OsvRecord["affected"][number]): string[] | undefined {
  let hit = a.versions?.includes(p.version) ?? false;
  const fixed: string[] = [];
  const from = (intro: string) => intro === "0" || cmp(p, p.version, intro) >= 0;
  for (const r of a.ranges ?? []) {
    if (r.type === "GIT") continue;
    let intro: string | undefined;
    for (const e of r.events) {
      if (e.introduced !== undefined) intro = e.introduced;
      const end = e.fixed ?? e.last_affected;
      if (end === undefined || intro === undefined) continue;
      const inside = from(intro) && (e.fixed !== undefined ? cmp(p, p.version, end) < 0 : cmp(p, p.version, end) <= 0);
      if (inside && e.fixed !== undefined) fixed.push(e.fixed);
      hit ||= inside;
      intro = undefined;
    }
    if (intro !== undefined && from(intro)) hit = true;
  }
  return hit ? fixed : undefined;
}

function osvExpectations(file: string, pkgs: DemoPackage[], out: ExpectedFinding[]): void {
  const text = readFileSync(file, "utf8");
  const rec = (file.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as OsvRecord;
  const cves = (rec.aliases ?? []).filter((a) => a.startsWith("CVE-")).sort();
  for (const p of pkgs.filter((x) => x.ecosystem !== "alpine")) {
    const mine = rec.affected.filter((a) => a.package.ecosystem.toLowerCase() === p.ecosystem && pep503(a.package.name) === pep503(p.name));
    const fixes = mine.map((a) => affects(p, a)).filter((f) => f !== undefined);
    if (fixes.length > 0) out.push({ pkg: p, id: cves[0] ?? rec.id, fixed: fixes.flat() });
  }
}

/** Every (package, advisory) pair of the demo data that a scan must report. */
export function expectedFindings(dataDir: string): ExpectedFinding[] {
  const pkgs = demoPackages(dataDir);
  const out: ExpectedFinding[] = [];
  for (const feed of readDemoManifest(dataDir).feeds) {
    if (feed.source === "alpine") walk(join(dataDir, feed.path)).forEach((f) => alpineExpectations(f, pkgs, out));
    if (feed.source === "osv") walk(join(dataDir, feed.path)).forEach((f) => osvExpectations(f, pkgs, out));
  }
  return out;
}

/** The CVE ids of the KEV subset. */
export function kevIds(dataDir: string): Set<string> {
  const feed = readDemoManifest(dataDir).feeds.find((f) => f.source === "kev");
  if (!feed) return new Set();
  const doc = JSON.parse(readFileSync(join(dataDir, feed.path), "utf8")) as { vulnerabilities: { cveID: string }[] };
  return new Set(doc.vulnerabilities.map((v) => v.cveID));
}
