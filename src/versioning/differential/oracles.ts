/**
 * The reference implementations, run in batches: libdpkg (compiled harness) and the `dpkg` CLI, rpm's Lua
 * `rpm.vercmp`, pypa/packaging under Debian's /usr/bin/python3, RubyGems under Debian's ruby. Each takes
 * pairs and returns one result per pair: "-1", "0", "1", or "E" when the tool rejects an input.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pair } from "./generate.js";

export type Outcome = "-1" | "0" | "1" | "E";
export type Oracle = (pairs: readonly Pair[]) => Outcome[];

const MAX_BUFFER = 256 * 1024 * 1024;

function run(cmd: string, args: string[], input: string, what: string): string {
  const r = spawnSync(cmd, args, { input, encoding: "utf8", maxBuffer: MAX_BUFFER });
  if (r.error || r.status !== 0) {
    throw new Error(`${what} failed (${cmd}): ${r.error?.message ?? r.stderr.slice(0, 500)}`);
  }
  return r.stdout;
}

function lines(out: string, n: number, what: string): Outcome[] {
  const xs = out.split("\n").filter((l) => l !== "") as Outcome[];
  if (xs.length !== n) throw new Error(`${what}: expected ${n} results, got ${xs.length}`);
  return xs;
}

const tsv = (pairs: readonly Pair[]): string => pairs.map(([a, b]) => `${a}\t${b}\n`).join("");

let dpkgHarness: string | undefined;

/** Compiles dpkg-vercmp.c against libdpkg once per process (needs cc and libdpkg-dev). */
function harness(): string {
  if (dpkgHarness) return dpkgHarness;
  const out = join(mkdtempSync(join(tmpdir(), "dredge-dpkg-")), "dpkg-vercmp");
  const src = join(import.meta.dirname, "dpkg-vercmp.c");
  const flags = execFileSync("pkg-config", ["--cflags", "--libs", "libdpkg"], { encoding: "utf8" }).trim().split(/\s+/);
  execFileSync("cc", ["-O2", "-o", out, src, ...flags], { stdio: "pipe" });
  dpkgHarness = out;
  return out;
}

/** libdpkg's dpkg_version_compare, the code of `dpkg --compare-versions`, over all pairs in one process. */
export const libdpkg: Oracle = (pairs) => lines(run(harness(), [], tsv(pairs), "libdpkg harness"), pairs.length, "libdpkg");

/** The dpkg CLI itself: one shell loop, one `dpkg --compare-versions` (or two) per pair. */
export const dpkgCli: Oracle = (pairs) => {
  const script = [
    'while IFS="$(printf "\\t")" read -r a b; do',
    '  if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo -1;',
    '  elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo 0;',
    '  elif dpkg --compare-versions "$a" gt "$b" 2>/dev/null; then echo 1;',
    "  else echo E; fi",
    "done",
  ].join("\n");
  return lines(run("sh", ["-c", script], tsv(pairs), "dpkg --compare-versions"), pairs.length, "dpkg");
};

/** rpm's Lua rpm.vercmp (rpmverCmp over parsed EVR), 1,000 pairs per `rpm --eval`. */
export const rpmLua: Oracle = (pairs) => {
  const out: Outcome[] = [];
  for (let i = 0; i < pairs.length; i += 1000) {
    const chunk = pairs.slice(i, i + 1000);
    for (const [a, b] of chunk) if (/[\]\n]/.test(a + b)) throw new Error(`rpm oracle cannot quote ${a} / ${b}`);
    const body = chunk.map(([a, b]) => `print(rpm.vercmp([[${a}]], [[${b}]]) .. ",")`).join("\n");
    const stdout = run("rpm", ["--eval", `%{lua:\n${body}\n}`], "", "rpm --eval");
    pushAll(out, stdout.trim().split(",").filter((x) => x !== "").map((x) => x.trim()) as Outcome[]);
  }
  if (out.length !== pairs.length) throw new Error(`rpm: expected ${pairs.length} results, got ${out.length}`);
  return out;
};

const PY = `
import sys
from packaging.version import Version, InvalidVersion
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    try:
        x, y = Version(a), Version(b)
    except InvalidVersion:
        print("E"); continue
    print(-1 if x < y else 1 if x > y else 0)
`;
import { pushAll } from "../../util/array.js";

export const PYTHON = "/usr/bin/python3";

/** pypa/packaging's Version under Debian's python3 (python3-packaging). */
export const packaging: Oracle = (pairs) => {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} missing (Debian python3, python3-packaging)`);
  return lines(run(PYTHON, ["-c", PY], tsv(pairs), "python3 packaging"), pairs.length, "packaging");
};

const RB = `
STDIN.each_line do |line|
  a, b = line.chomp.split("\\t", -1)
  unless Gem::Version.correct?(a) && Gem::Version.correct?(b) then puts "E"; next end
  puts(Gem::Version.new(a) <=> Gem::Version.new(b))
end
`;

/** RubyGems' Gem::Version under Debian's ruby. */
export const rubygems: Oracle = (pairs) =>
  lines(run("/usr/bin/ruby", ["-e", RB], tsv(pairs), "ruby Gem::Version"), pairs.length, "rubygems");
