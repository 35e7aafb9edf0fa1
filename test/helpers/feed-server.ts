/**
 * A loopback HTTP server serving ../shared/fixtures/feeds in each upstream's URL layout, for building the
 * vulnerability database in tests without the network:
 *   /osv/<ECOSYSTEM>/all.zip                 OSV exports zipped on the fly (PyPI YAML converted to JSON like
 *                                            upstream; GHSA subset split by ecosystem; others empty)
 *   /ubuntu/all.zip                          Ubuntu OSV samples
 *   /debian/tracker/data/json, /debian/data/{DSA,DLA}/list
 *   /alpine/ (index), /alpine/v3.X/{main,community}.json
 *   /redhat/archive_latest.txt, /redhat/csaf_vex_2026-11-20.tar.zst, /redhat/{changes,deletions}.csv,
 *   /redhat/index.txt, /redhat/<path>        CSAF documents in Red Hat's VEX layout (nothing newer than
 *                                            the archive, nothing deleted)
 *   /nvd/rest/json/cves/2.0?startIndex=&resultsPerPage=   paged NVD API 2.0
 *   /kev/known_exploited_vulnerabilities.json
 *   /epss/epss_scores-current.csv.gz
 * `sourceSpecs(url)` gives the `--source` list pointing every feed at the server.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import { fixturesDir } from "./images.js";
import { serveLoopback, type LoopbackServer } from "./loopback.js";
import { writeZip, type ZipInput } from "./zip-writer.js";
import { zstdRawFrame } from "./hostile-tars.js";
import { vexCsv, vexTar } from "./redhat-vex.js";

export const feedsDir = join(fixturesDir, "feeds");
const samples = join(feedsDir, "format-samples");

export function listFiles(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (exts.some((e) => name.endsWith(e))) out.push(p);
    }
  };
  visit(dir);
  return out;
}

/** Ecosystem → OSV files served in its all.zip (GHSA records appear under each of their ecosystems). */
export function osvFixtureFiles(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (eco: string, f: string): void => void m.set(eco, [...(m.get(eco) ?? []), f]);
  for (const f of listFiles(join(feedsDir, "osv-pypa/vulns"), [".yaml"])) add("PyPI", f);
  for (const f of listFiles(join(feedsDir, "osv-go/osv"), [".json"])) add("Go", f);
  for (const f of listFiles(join(feedsDir, "osv-rustsec/crates"), [".json"])) add("crates.io", f);
  for (const f of listFiles(join(feedsDir, "osv-almalinux/almalinux9"), [".json"])) add("AlmaLinux", f);
  for (const f of listFiles(join(feedsDir, "osv-ghsa-subset"), [".json"])) {
    const rec = JSON.parse(readFileSync(f, "utf8")) as { affected?: { package?: { ecosystem?: string } }[] };
    const ecos = new Set((rec.affected ?? []).map((a) => (a.package?.ecosystem ?? "").split(":")[0] ?? ""));
    for (const eco of ecos) if (eco) add(eco, f);
  }
  return m;
}

function osvZip(files: string[]): Buffer {
  const entries: ZipInput[] = files.map((f) => {
    const text = readFileSync(f, "utf8");
    const json = f.endsWith(".yaml") ? JSON.stringify(parseYaml(text)) : text;
    return { name: basename(f).replace(/\.yaml$/, ".json"), data: Buffer.from(json) };
  });
  return writeZip(entries);
}

/** secdb files by `v3.X/repo`: the JSON conversions plus the v3.15 YAML sample (as JSON). */
export function alpineFixtureFiles(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of listFiles(join(feedsDir, "alpine-secdb/json"), [".json"])) m.set(`${basename(dirname(f))}/${basename(f, ".json")}`, f);
  for (const f of listFiles(join(samples, "alpine/input/secdb"), [".yaml"])) m.set(`${basename(dirname(f))}/${basename(f, ".yaml")}`, f);
  return m;
}

function alpineJson(f: string): Buffer {
  const text = readFileSync(f, "utf8");
  return Buffer.from(f.endsWith(".yaml") ? JSON.stringify(parseYaml(text)) : text);
}

export const redhatDir = join(samples, "rhel/csaf/advisories");
/** The archive served under /redhat/ and the date its documents and changes.csv rows carry. */
export const REDHAT_ARCHIVE = "csaf_vex_2026-11-20.tar.zst";

/** URL path → body of the Red Hat VEX directory (zstd frames of stored blocks: no encoder needed). */
export async function redhatVexFiles(prefix = "/redhat"): Promise<Map<string, Buffer | string>> {
  const paths = listFiles(redhatDir, [".json"]).map((f) => relative(redhatDir, f));
  const written = new Date("2026-11-19T12:00:00Z");
  const docs = paths.map((path) => ({ path, body: readFileSync(join(redhatDir, path)), mtime: written }));
  const m = new Map<string, Buffer | string>([
    [`${prefix}/archive_latest.txt`, `${REDHAT_ARCHIVE}\n`],
    [`${prefix}/${REDHAT_ARCHIVE}`, zstdRawFrame(await vexTar(docs))],
    [`${prefix}/changes.csv`, vexCsv(paths.map((p) => [p, written.toISOString()] as const))],
    [`${prefix}/deletions.csv`, ""],
    [`${prefix}/index.txt`, paths.join("\n") + "\n"],
  ]);
  for (const d of docs) m.set(`${prefix}/${d.path}`, d.body);
  return m;
}

export const ubuntuDirs = [join(samples, "ubuntu/osv"), join(samples, "ubuntu/osv-esm-cases")];

/** NVD items served: the full page plus the single entry (deduplicated by CVE id). */
export function nvdFixtureItems(): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const f of ["full-page.json", "single-entry.json"]) {
    const page = JSON.parse(readFileSync(join(samples, "nvd", f), "utf8")) as { vulnerabilities: { cve: { id: string } }[] };
    for (const v of page.vulnerabilities) {
      if (seen.has(v.cve.id)) continue;
      seen.add(v.cve.id);
      out.push(v);
    }
  }
  return out;
}

type Route = (url: URL) => { body: Buffer | string; type: string } | undefined;

function routes(redhat: ReadonlyMap<string, Buffer | string>): Route[] {
  const osv = osvFixtureFiles();
  const alpine = alpineFixtureFiles();
  const nvd = nvdFixtureItems();
  const zipType = "application/zip";
  return [
    (u) => {
      const m = /^\/osv\/([^/]+)\/all\.zip$/.exec(u.pathname);
      return m?.[1] ? { body: osvZip(osv.get(decodeURIComponent(m[1])) ?? []), type: zipType } : undefined;
    },
    (u) => (u.pathname === "/ubuntu/all.zip" ? { body: osvZip(ubuntuDirs.flatMap((d) => listFiles(d, [".json"]))), type: zipType } : undefined),
    (u) => (u.pathname === "/debian/tracker/data/json" ? { body: readFileSync(join(feedsDir, "debian-security-tracker/sample-tracker-json/debian.json")), type: "application/json" } : undefined),
    (u) => {
      const m = /^\/debian\/data\/(DSA|DLA)\/list$/.exec(u.pathname);
      return m ? { body: readFileSync(join(feedsDir, `debian-security-tracker/${m[1]}-list.txt`)), type: "text/plain" } : undefined;
    },
    (u) => {
      if (u.pathname !== "/alpine/") return undefined;
      const branches = [...new Set([...alpine.keys()].map((k) => k.split("/")[0]))];
      return { body: `<html><body>${branches.map((b) => `<a href="${b}/">${b}/</a>`).join("\n")}</body></html>`, type: "text/html" };
    },
    (u) => {
      const m = /^\/alpine\/(v[\d.]+\/(?:main|community))\.json$/.exec(u.pathname);
      const f = m?.[1] ? alpine.get(m[1]) : undefined;
      return f ? { body: alpineJson(f), type: "application/json" } : undefined;
    },
    (u) => {
      const body = redhat.get(u.pathname);
      return body === undefined ? undefined : { body, type: "application/octet-stream" };
    },
    (u) => {
      if (u.pathname !== "/nvd/rest/json/cves/2.0") return undefined;
      const start = Number(u.searchParams.get("startIndex") ?? 0);
      const per = Math.min(Number(u.searchParams.get("resultsPerPage") ?? 2000), NVD_PAGE_LIMIT);
      const page = { resultsPerPage: per, startIndex: start, totalResults: nvd.length, format: "NVD_CVE", version: "2.0", vulnerabilities: nvd.slice(start, start + per) };
      return { body: JSON.stringify(page), type: "application/json" };
    },
    (u) => (u.pathname === "/kev/known_exploited_vulnerabilities.json" ? { body: readFileSync(join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json")), type: "application/json" } : undefined),
    (u) => (u.pathname === "/epss/epss_scores-current.csv.gz" ? { body: gzipSync(readFileSync(join(samples, "epss/example-1.csv"))), type: "application/gzip" } : undefined),
  ];
}

/** The server pages NVD results by at most this many, so paging is exercised. */
export const NVD_PAGE_LIMIT = 20;

export type FeedServer = LoopbackServer;

export async function startFeedServer(): Promise<FeedServer> {
  const table = routes(await redhatVexFiles());
  return serveLoopback((u) => table.map((r) => r(u)).find((x) => x !== undefined));
}

/** `--source` list pointing every feed at the server. */
export function sourceSpecs(url: string): { name: string; location: string }[] {
  return [
    { name: "osv", location: `${url}/osv` },
    { name: "debian", location: `${url}/debian/tracker/data/json` },
    { name: "alpine", location: `${url}/alpine` },
    { name: "ubuntu", location: `${url}/ubuntu/all.zip` },
    { name: "redhat", location: `${url}/redhat` },
    { name: "nvd", location: `${url}/nvd/rest/json/cves/2.0` },
    { name: "kev", location: `${url}/kev/known_exploited_vulnerabilities.json` },
    { name: "epss", location: `${url}/epss/epss_scores-current.csv.gz` },
  ];
}
