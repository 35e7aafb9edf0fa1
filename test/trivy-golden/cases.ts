/**
 * The repository/filesystem and SBOM goldens whose inputs are here, with what Dredge is expected to do
 * for each: pass as is, a documented deliberate difference (`expect`), a known gap (`gaps`, checked as
 * `todo`), a whole case Dredge cannot read yet (`todo`), or a golden that depends on a Trivy option
 * Dredge does not have (`skip`).
 */
import type { Row } from "./golden.js";

export interface GoldenCase {
  golden: string;
  /** repo-inputs/<dir> for `fs`, sbom-inputs/<file> for `sbom`. */
  input: string;
  kind: "fs" | "sbom";
  todo?: string;
  skip?: string;
  /** Extra CLI arguments: the Trivy options the golden was made with, in Dredge's spelling. */
  args?: string[];
  /** Golden rows → the rows Dredge must produce, where Dredge deliberately differs (each change commented). */
  expect?: (rows: Row[]) => Row[];
  /** Golden rows Dredge does not produce yet, and why (asserted separately as a todo). */
  gaps?: { reason: string; row: (r: Row) => boolean };
  /** Stage the input in a temporary directory laid out as Dredge expects (path → fixture file). */
  stage?: Record<string, string>;
  /** Golden target → Dredge target, when the staged layout differs. */
  target?: (t: string) => string;
}

const mapFixed = (table: Record<string, string>) => (rows: Row[]): Row[] =>
  rows.map((r) => ({ ...r, fixed: table[`${r.pkg} ${r.id}`] ?? r.fixed }));

export const cases: GoldenCase[] = [
  { golden: "npm.json.golden", input: "npm", kind: "fs" },
  // Trivy's --include-dev-deps run: the only dev package (z-lock) has no advisory, so the rows are npm's.
  { golden: "npm-with-dev.json.golden", input: "npm", kind: "fs", args: ["--include-dev-deps"] },
  // Trivy ran with --vuln-severity-source ubuntu: Ubuntu's rating (low) wins over GHSA's for jquery.
  { golden: "npm-ubuntu-severity.json.golden", input: "npm", kind: "fs", args: ["--vuln-severity-source", "ubuntu"] },
  { golden: "pip.json.golden", input: "pip", kind: "fs" },
  { golden: "uv.json.golden", input: "uv", kind: "fs" },
  { golden: "pylock.json.golden", input: "pylock", kind: "fs" },
  { golden: "composer.lock.json.golden", input: "composer", kind: "fs" },
  {
    // Trivy reads a bare installed.json; Dredge reads Composer's installed tree only at its real place,
    // vendor/composer/installed.json (a stray installed.json is not evidence of installed packages), and
    // reports installed packages in one target per language ("PHP (composer)"), as Trivy does in images.
    golden: "composer.vendor.json.golden", input: "composer-vendor", kind: "fs",
    stage: { "vendor/composer/installed.json": "installed.json" },
    target: (t) => (t === "installed.json" ? "PHP (composer)" : t),
  },
  { golden: "cargo.lock.json.golden", input: "cargo", kind: "fs" },
  // submod2/go.mod declares go 1.15 and requires only go-spew: its docker/distribution row comes from go.sum.
  { golden: "gomod.json.golden", input: "gomod", kind: "fs" },
  { golden: "gomod-skip.json.golden", input: "gomod", kind: "fs", args: ["--skip-dirs", "submod2"] },
  { golden: "gomod-vex.json.golden", input: "gomod", kind: "fs", skip: "Trivy ran with a VEX document that is not among the fixtures" },
  { golden: "nuget.json.golden", input: "nuget", kind: "fs" },
  { golden: "packagesprops.json.golden", input: "packagesprops", kind: "fs" },
  { golden: "pubspec.lock.json.golden", input: "pubspec", kind: "fs" },
  { golden: "mix.lock.json.golden", input: "mixlock", kind: "fs" },
  { golden: "conan.json.golden", input: "conan", kind: "fs" },
  // Dredge lists only the fixed versions above the installed one (2.42.0), where Trivy prints every patched
  // version.
  { golden: "cocoapods.json.golden", input: "cocoapods", kind: "fs", expect: mapFixed({ "_NIODataStructures CVE-2022-3215": "2.42.0" }) },
  { golden: "swift.json.golden", input: "swift", kind: "fs", expect: mapFixed({ "github.com/apple/swift-nio CVE-2022-3215": "2.42.0" }) },
  { golden: "sbt.json.golden", input: "sbt", kind: "fs" },
  { golden: "bun.json.golden", input: "bun", kind: "fs" },
  {
    // The OSV-derived cargo advisories only give patched ranges (">= 2.1.3, < 3.0.0"). Trivy prints those
    // ranges as the fixed version; Dredge turns them into OSV events and lists the fixed versions above
    // the installed one, lowest first.
    golden: "test-repo.json.golden", input: "trivy-ci-test", kind: "fs",
    expect: mapFixed({ "ammonia CVE-2019-15542": "2.1.0", "ammonia CVE-2021-38193": "2.1.3, 3.1.0" }),
  },
  // Trivy's sbom tests check these inputs against the image goldens.
  { golden: "centos-7.json.golden", input: "centos-7-cyclonedx.json", kind: "sbom" },
  { golden: "centos-7.json.golden", input: "centos-7-spdx.json", kind: "sbom" },
  { golden: "centos-7.json.golden", input: "centos-7-cyclonedx.intoto.jsonl", kind: "sbom" },
  { golden: "centos-7.json.golden", input: "centos-7-spdx.txt", kind: "sbom" },
  {
    // activesupport 6.0.2.1: Trivy prints every patched version ("6.0.3.1, 5.2.4.3"); Dredge lists the fixed
    // versions above the installed one — 5.2.4.3 fixes the 5.2 line and is not an upgrade from 6.0.2.1.
    golden: "fluentd-multiple-lockfiles.json.golden", input: "fluentd-multiple-lockfiles-cyclonedx.json", kind: "sbom",
    expect: mapFixed({ "activesupport CVE-2020-8165": "6.0.3.1" }),
  },
];
