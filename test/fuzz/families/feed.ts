/**
 * Vulnerability feed files, read as `dredge db build` reads a local mirror: the (mutated) file is written to a
 * temp dir, the feed's fetch splits it into records and its transform turns each into rows. A transform may
 * reject a record with MalformedRecord (or a ZodError, as FeedSource documents); anything else is a bug, and
 * the rows must be plain data (what the DB writer stores). Seeds: the real feed samples in the fixtures.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { ZodError } from "zod";
import { feedSources } from "../../../src/db/sources/registry.js";
import { MalformedRecord, type FeedSource } from "../../../src/db/sources/types.js";
import type { FeedOutput } from "../../../src/db/model.js";
import { parseAdvisoryList } from "../../../src/db/sources/debian/lists.js";
import { silentLogger } from "../../../src/util/log.js";
import { plainDataProblem } from "../checks.js";
import { fixture, fixtureFiles, fixtureSeeds, withJsonCopies } from "../seeds.js";
import type { FuzzTarget } from "../target.js";

const source = (name: string): FeedSource => {
  const s = feedSources.find((x) => x.name === name);
  if (!s) throw new Error(`no feed source ${name}`);
  return s;
};

/** A real multi-record file cut to its first `n` entries of `key` (the whole file would be too large a seed). */
function firstEntries(rel: string, key: string, n: number): Buffer {
  const doc = JSON.parse(readFileSync(fixture(rel), "utf8")) as Record<string, unknown>;
  const list = doc[key];
  return Buffer.from(JSON.stringify({ ...doc, [key]: Array.isArray(list) ? list.slice(0, n) : list }, null, 1));
}

let scratch: string | undefined;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), "dredge-fuzz-feeds-"));
  return scratch;
}
process.once("exit", () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const allowed = (err: unknown): boolean => err instanceof MalformedRecord || err instanceof ZodError;

/** Writes `input` as `<dir>/<file>`, fetches it as a local mirror and transforms every record. */
async function runFeed(feed: FeedSource, file: string, input: Buffer): Promise<unknown[]> {
  const dir = join(scratchDir(), feed.name);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, input);
  const outputs: unknown[] = [];
  const ctx = { location: path, local: true, logger: silentLogger, tmpDir: dir, setLastUpdate: () => undefined };
  for await (const raw of feed.fetch(ctx)) {
    try {
      outputs.push(feed.transform(raw, { logger: silentLogger }));
    } catch (err) {
      if (!allowed(err)) throw err;
    }
  }
  return outputs;
}

/** Rows the DB writer stores: plain data, with string ids, namespaces and package names. */
function feedOutputProblem(r: unknown): string | undefined {
  for (const out of r as FeedOutput[]) {
    for (const v of out.vulnerabilities) if (typeof v.id !== "string") return `vulnerability id is ${typeof v.id}`;
    for (const a of out.affected) {
      for (const k of ["vulnerabilityId", "namespace", "packageName", "status"] as const) {
        if (typeof a[k] !== "string") return `affected.${k} is ${typeof a[k]}`;
      }
    }
  }
  return plainDataProblem(r);
}

function feedTarget(name: string, feed: string, file: string, seeds: () => Buffer[], tokens: readonly string[] = []): FuzzTarget {
  return {
    name,
    seeds,
    tokens,
    where: file,
    run: (b) => runFeed(source(feed), file, b),
    alsoAllowed: allowed,
    check: feedOutputProblem,
  };
}

/** Microsoft's OVAL cut to its first `n` definitions with their tests, objects and states (still well-formed). */
function firstOvalDefinitions(rel: string, n: number): Buffer {
  const text = readFileSync(fixture(rel), "utf8");
  const first = (section: string, element: string): string => {
    const body = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`).exec(text)?.[1] ?? "";
    const items = [...body.matchAll(new RegExp(`<${element}\\b[\\s\\S]*?</${element}>`, "g"))].slice(0, n).map((m) => m[0]);
    return `<${section}>${items.join("\n")}</${section}>`;
  };
  const head = text.slice(0, text.indexOf("<definitions>"));
  return Buffer.from(`${head}${first("definitions", "definition")}${first("tests", "linux-def:rpminfo_test")}${first("objects", "linux-def:rpminfo_object")}${first("states", "linux-def:rpminfo_state")}</oval_definitions>\n`);
}
const gunzipped = (rel: string): Buffer => gunzipSync(readFileSync(fixture(rel)));
const xmlTokens = ["<!DOCTYPE a [<!ENTITY e \"x\">]>", "&e;", "&amp;", "<![CDATA[", "</", "xmlns:a=\"b\"", "<a:b>"];

const osvTokens = ['"introduced"', '"fixed"', '"last_affected"', '"ECOSYSTEM"', '"SEMVER"', '"GIT"', '"Debian:12"', '"Alpine:v3.18"', '"npm"', '"withdrawn"'];
const files = (dir: string, match: RegExp, n: number) => (): Buffer[] => fixtureSeeds(fixtureFiles(dir, match, n));

export const feedTargets: FuzzTarget[] = [
  feedTarget("feed/osv-json", "osv", "record.json", () => [...files("feeds/osv-ghsa-subset", /\.json$/, 5)(), ...files("feeds/osv-go/osv", /\.json$/, 3)(), ...files("feeds/osv-almalinux", /\.json$/, 2)(), ...files("feeds/osv-rustsec", /\.json$/, 2)()], osvTokens),
  feedTarget("feed/osv-yaml", "osv", "record.yaml", () => withJsonCopies(files("feeds/osv-pypa", /\.ya?ml$/, 4)()), ["&a ", "*a", "<<: *a", "- ", ": ", "!!binary "]),
  feedTarget("feed/ubuntu", "ubuntu", "record.json", files("feeds/format-samples/ubuntu", /\.json$/, 8), [...osvTokens, '"@context"', '"statements"', "pkg:deb/ubuntu/curl@1?arch=source&distro=jammy"]),
  feedTarget("feed/redhat-csaf", "redhat", "record.json", files("feeds/format-samples/rhel/csaf", /\.json$/, 5), ['"branches"', '"product_id"', "cpe:/o:redhat:enterprise_linux:9::baseos", "pkg:rpm/redhat/a@1-2?epoch=1"]),
  feedTarget("feed/nvd", "nvd", "page.json", () => fixtureSeeds(["feeds/format-samples/nvd/single-entry.json", "feeds/format-samples/nvd/full-page.json"]), ["cpe:2.3:a:v:p:*:*:*:*:*:*:*:*", "\\\\", '"versionEndExcluding"', '"versionStartExcluding"']),
  feedTarget("feed/kev", "kev", "kev.json", () => [firstEntries("feeds/cisa-kev/known_exploited_vulnerabilities.json", "vulnerabilities", 30)]),
  feedTarget("feed/epss", "epss", "epss.csv", () => fixtureSeeds(["feeds/format-samples/epss/example-1.csv"]), ["#model_version:v1,score_date:2025-01-01T00:00:00+0000\n", "cve,epss,percentile\n", "CVE-2024-0001,", ",1e-7", "\n"]),
  feedTarget("feed/photon", "photon", "cve_data_photon4.0.json", files("feeds/photon/cve-metadata-fixtures", /\.json$/, 4), ['"NA"', '"Not Affected"', '"Fixed"', '"res_ver"', '"os_version"', "null"]),
  feedTarget("feed/suse-csaf", "suse", "record.json", () => fixtureSeeds(["feeds/suse/csaf/suse-su-2015_0011-2.json", "feeds/suse/csaf-vex/cve-1999-0003.json"], 256 * 1024), ['"csaf_vex"', '"recommended"', '"known_affected"', '"relationships"', "SUSE Linux Enterprise Micro 5.4:a-1-2.x86_64"]),
  feedTarget("feed/ubuntu-tracker", "ubuntu-tracker", "CVE-2020-0549", files("feeds/ubuntu/cve-tracker/active", /^CVE-2020-0/, 4), ["\nbionic_x: needs-triage\n", "\ntrusty/esm_x: released (1:2-3)\n", "\nPriority_x: high\n", "\n ", "Candidate: "]),
  feedTarget("feed/wolfi-secdb", "wolfi", "security.json", () => ["v3.11"].map((v) => firstEntries(`feeds/alpine-secdb/json/${v}/main.json`, "packages", 20))),
  feedTarget("feed/alpine-secdb", "alpine", "main.json", () => ["v3.5", "v3.11"].map((v) => firstEntries(`feeds/alpine-secdb/json/${v}/main.json`, "packages", 20))),
  feedTarget("feed/alpine-secdb-yaml", "alpine", "main.yaml", () => fixtureSeeds(["feeds/format-samples/alpine/input/secdb/v3.15/main.yaml"], 32 * 1024)),
  feedTarget("feed/debian-tracker", "debian", "tracker.json", () => fixtureSeeds(["feeds/debian-security-tracker/sample-tracker-json/debian.json"]), ['"releases"', '"fixed_version"', '"constructor"', '"__proto__"', '"status"', '"resolved"']),
  feedTarget("feed/amazon-updateinfo", "amazon", "updateinfo.xml", () => ["1", "2023", "2_kernel-5.15"].map((r) => gunzipped(`feeds/amazon/updateinfo/updateinfo_${r}.xml.gz`)),
    [...xmlTokens, "<update>", 'epoch="7"', "<severity>Important</severity>", 'type="cve"', "<id>ALAS2-2024-1</id>"]),
  feedTarget("feed/amazon-json", "amazon", "ALAS2-2024-2500.json", files("feeds/amazon/vuln-list", /\.json$/, 3), ['"epoch"', '"cveids"', '"packages"', '"__proto__"']),
  feedTarget("feed/oracle-oval", "oracle", "oval.xml", files("feeds/oracle/oval-fixtures", /\.xml$/, 3),
    [...xmlTokens, 'comment="Oracle Linux 8 is installed"', 'comment="Oracle Linux arch is x86_64"', 'comment="a is earlier than 2:1-1.ksplice1.el8"', 'comment="a is ksplice-based"', 'operator="OR"']),
  feedTarget("feed/oracle-json", "oracle", "ELSA-2024-4197.json", files("feeds/oracle/vuln-list", /\.json$/, 1), ['"Criterias"', '"Criterions"', '"Comment"', '"Module httpd:2.4 is enabled"']),
  feedTarget("feed/mariner-oval", "mariner", "cbl-mariner-2.0-oval.xml", () => [firstOvalDefinitions("feeds/azure-linux/cbl-mariner-2.0-oval.xml", 4), firstOvalDefinitions("feeds/azure-linux/azurelinux-3.0-oval.xml", 3)],
    [...xmlTokens, 'operation="less than or equal"', "<patchable>false</patchable>", "<patchable>Not Applicable</patchable>", 'test_ref="x"']),
  {
    name: "feed/debian-advisory-list",
    seeds: () => fixtureSeeds(["feeds/debian-security-tracker/DSA-list.txt", "feeds/debian-security-tracker/DLA-list.txt"], 32 * 1024),
    tokens: ["[29 Mar 2023] DSA-5380-1 x - security update\n", "\t{CVE-2023-1 CVE-2023-2}\n", "\t[bookworm] - x 1.0\n", "[constructor] - "],
    run: (b) => parseAdvisoryList(b.toString("utf8")),
    check: (r) => plainDataProblem([...(r as Map<string, string[]>).values()]),
  },
];
