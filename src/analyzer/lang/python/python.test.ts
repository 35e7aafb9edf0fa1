import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testImages } from "../../../../test/helpers/images.js";
import { collect, goldenPackages, langFixtures, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { pythonInstalledAnalyzer, pythonLockAnalyzer } from "./analyzer.js";
import { isPythonMetadataPath, parsePythonMetadata } from "./metadata.js";
import { parsePipfileLock } from "./pipfile-lock.js";
import { parsePoetryLock } from "./poetry-lock.js";
import { parseRequirements } from "./requirements.js";
import { parseUvLock } from "./uv-lock.js";

const meta = (rel: string) => {
  const path = join(langFixtures, "python", rel);
  return parsePythonMetadata(readFileSync(path), path);
};

describe("python installed metadata", () => {
  it("finds requests and the dpkg-owned egg-info in the bookworm image", async () => {
    const { rootfs, expected } = testImages();
    const files = collect(pythonInstalledAnalyzer, rootfs, ["/proc", "/sys", "/dev"]);
    const { result } = await runAnalyzer(pythonInstalledAnalyzer, files);
    const found = (result.packageSets ?? []).flatMap((s) => s.packages.map((p) => `${p.name}@${p.version} ${s.path}`));
    const want = [...expected.bookworm.python, ...expected.bookworm.pythonOwnedByDpkg].map((p) => `${p.name}@${p.version} ${p.path}`);
    assert.deepEqual(found.sort(), want.sort());
    const requests = result.packageSets?.flatMap((s) => s.packages).find((p) => p.name === "requests");
    assert.equal(requests?.purl, "pkg:pypi/requests@2.25.1");
  });

  it("reads METADATA and PKG-INFO fixtures with licences", () => {
    const flask = meta("Flask-2.0.0.dist-info/METADATA").packages[0];
    assert.equal(flask?.purl, "pkg:pypi/flask@2.0.0");
    assert.equal(flask?.name, "Flask");
    assert.deepEqual(flask?.licenses, ["BSD-3-Clause"]);
    const te = meta("typing_extensions-4.4.0.dist-info/METADATA").packages[0];
    assert.equal(te?.purl, "pkg:pypi/typing-extensions@4.4.0");
    assert.equal(te?.licenses, undefined); // only License-File: the file itself is not read
    assert.deepEqual(meta("setuptools-51.3.3.egg-info/PKG-INFO").packages[0]?.licenses, ["MIT License"]);
    for (const rel of ["syft-dist-info/METADATA", "syft-egg-info/PKG-INFO", "click-8.0.0.dist-info/METADATA"]) {
      const r = meta(rel);
      assert.equal(r.packages.length, 1, rel);
      assert.equal(r.warnings.length, 0);
    }
  });

  it("wanted paths and malformed metadata", () => {
    assert.ok(isPythonMetadataPath("/venv/lib/python3.12/site-packages/a-1.0.dist-info/METADATA"));
    assert.ok(isPythonMetadataPath("/usr/lib/python3/dist-packages/six-1.16.0.egg-info"));
    assert.ok(!isPythonMetadataPath("/usr/lib/python3/dist-packages/six.py"));
    const r = parsePythonMetadata(Buffer.from("Metadata-Version: 2.1\nSummary: x\n"), "/x.dist-info/METADATA");
    assert.equal(r.packages.length, 0);
    assert.match(r.warnings[0] ?? "", /\/x\.dist-info\/METADATA/);
  });
});

describe("python lockfiles", () => {
  it("requirements.txt agrees with trivy's golden (pinned only)", () => {
    const r = parseRequirements(readFileSync(join(trivyInputs, "pip/requirements.txt")), "/requirements.txt");
    assert.deepEqual(nameVersions(r.packages), goldenPackages("pip.json.golden", "requirements.txt"));
  });

  it("requirements syntax: extras, markers, hashes, continuations, options", () => {
    const text = "-r base.txt\n# c\nrequests[socks]==2.31.0 ; python_version >= '3.8' \\\n    --hash=sha256:abc\nflask>=2\nDjango===4.2.1 # pinned\n-e .\n";
    assert.deepEqual(nameVersions(parseRequirements(Buffer.from(text), "/r.txt").packages), ["Django@4.2.1", "requests@2.31.0"]);
  });

  it("uv.lock agrees with trivy's golden and marks direct dependencies", () => {
    const r = parseUvLock(readFileSync(join(trivyInputs, "uv/uv.lock")), "/uv.lock");
    assert.deepEqual(nameVersions(r.packages), goldenPackages("uv.json.golden", "uv.lock"));
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.equal(by.click?.direct, true);
    assert.equal(by.colorama?.direct, false);
  });

  it("Pipfile.lock default and develop", () => {
    const r = parsePipfileLock(readFileSync(join(trivyInputs, "trivy-ci-test/Pipfile.lock")), "/Pipfile.lock");
    type Section = Record<string, { version?: string }>;
    const doc = JSON.parse(readFileSync(join(trivyInputs, "trivy-ci-test/Pipfile.lock"), "utf8")) as { default?: Section; develop?: Section };
    const want = [...Object.entries(doc.default ?? {}), ...Object.entries(doc.develop ?? {})]
      .filter(([, v]) => v.version)
      .map(([n, v]) => `${n}@${v.version?.replace(/^==/, "")}`);
    assert.ok(want.length > 0);
    assert.deepEqual(nameVersions(r.packages), [...new Set(want)].sort());
    const devNames = Object.keys(doc.develop ?? {}).filter((n) => !(n in (doc.default ?? {})));
    for (const n of devNames) assert.equal(r.packages.find((p) => p.name === n)?.dev, true, n);
  });

  it("poetry.lock categories, invalid TOML warns", () => {
    const text = '[[package]]\nname = "Pytest"\nversion = "7.4.0"\ncategory = "dev"\n\n[[package]]\nname = "attrs"\nversion = "23.1.0"\ncategory = "main"\n';
    const r = parsePoetryLock(Buffer.from(text), "/poetry.lock");
    assert.deepEqual(r.packages.map((p) => [p.purl, p.dev]), [["pkg:pypi/pytest@7.4.0", true], ["pkg:pypi/attrs@23.1.0", false]]);
    const v2 = '[[package]]\nname = "ruff"\nversion = "0.5.0"\ngroups = ["dev"]\n\n[[package]]\nname = "idna"\nversion = "3.7"\ngroups = ["main", "dev"]\n';
    assert.deepEqual(parsePoetryLock(Buffer.from(v2), "/poetry.lock").packages.map((p) => p.dev), [true, false]);
    assert.match(parsePoetryLock(Buffer.from("[[package]]\nname = = 1\n"), "/p/poetry.lock").warnings[0] ?? "", /\/p\/poetry\.lock/);
  });

  it("lock analyzer wants lockfiles outside site-packages", () => {
    const info = { path: "", type: "file" as const, size: 1, mode: 0o644, uid: 0, gid: 0 };
    assert.ok(pythonLockAnalyzer.wants("/app/requirements-dev.txt", info));
    assert.ok(pythonLockAnalyzer.wants("/app/uv.lock", info));
    assert.ok(!pythonLockAnalyzer.wants("/usr/lib/python3/dist-packages/x/requirements.txt", info));
  });
});
