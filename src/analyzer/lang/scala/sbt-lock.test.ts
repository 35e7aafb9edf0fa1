import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, runAnalyzer, trivyInputs, trivyGoldens } from "../testing.js";
import { parseSbtLock } from "./sbt-lock.js";
import { sbtLockAnalyzer } from "./analyzer.js";

const input = readFileSync(join(trivyInputs, "sbt/build.sbt.lock"));

describe("build.sbt.lock", () => {
  it("gives the package trivy's golden reports vulnerabilities for", async () => {
    const { result, warnings } = await runAnalyzer(sbtLockAnalyzer, collect(sbtLockAnalyzer, join(trivyInputs, "sbt")));
    assert.deepEqual(warnings, []);
    const golden = JSON.parse(readFileSync(join(trivyGoldens, "sbt.json.golden"), "utf8")) as {
      Results: { Vulnerabilities: { PkgName: string; InstalledVersion: string; PkgIdentifier: { PURL: string } }[] }[];
    };
    const want = [...new Set(golden.Results.flatMap((r) => r.Vulnerabilities.map((v) => `${v.PkgName}@${v.InstalledVersion} ${v.PkgIdentifier.PURL}`)))];
    const pkgs = result.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(pkgs.map((p) => `${p.name}@${p.version} ${p.purl}`), want);
    assert.equal(pkgs[0]?.dev, false);
  });

  it("a dependency used only in test configurations is dev; bad entries are skipped", () => {
    const doc = JSON.parse(input.toString()) as { dependencies: Record<string, unknown>[] };
    doc.dependencies.push({ org: "org.scalatest", name: "scalatest_2.13", version: "3.2.9", configurations: ["test"] });
    doc.dependencies.push({ org: "bad org", name: "x", version: "1" }, { org: "a", name: "b" });
    const r = parseSbtLock(Buffer.from(JSON.stringify(doc)), "build.sbt.lock");
    assert.deepEqual(r.packages.map((p) => [p.name, p.dev]), [
      ["com.fasterxml.jackson.core:jackson-databind", false],
      ["org.scalatest:scalatest_2.13", true],
    ]);
  });

  it("bad input gives a warning naming the file", () => {
    for (const bad of ["{", "[]", '{"lockVersion": 1}']) {
      const r = parseSbtLock(Buffer.from(bad), "/p/build.sbt.lock");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length === 1 && r.warnings[0]!.startsWith("/p/build.sbt.lock: "), bad);
    }
  });
});
