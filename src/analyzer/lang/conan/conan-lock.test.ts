import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, goldenPackages, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { parseConanLock, parseConanRef } from "./conan-lock.js";
import { conanLockAnalyzer } from "./analyzer.js";

const input = readFileSync(join(trivyInputs, "conan/conan.lock"));

describe("conan.lock", () => {
  it("v0.4 graph_lock agrees with trivy's golden; what node 0 requires is direct", async () => {
    const { result, warnings } = await runAnalyzer(conanLockAnalyzer, collect(conanLockAnalyzer, join(trivyInputs, "conan")));
    assert.deepEqual(warnings, []);
    const pkgs = result.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(nameVersions(pkgs), goldenPackages("conan.json.golden", "conan.lock"));
    assert.deepEqual(pkgs.filter((p) => p.direct).map((p) => p.name), ["poco"]);
    assert.equal(pkgs.find((p) => p.name === "pcre")?.purl, "pkg:conan/pcre@8.43");
  });

  it("v0.4: nodes reached only through build_requires are dev", () => {
    const doc = JSON.parse(input.toString()) as { graph_lock: { nodes: Record<string, Record<string, unknown>> } };
    const nodes = doc.graph_lock.nodes;
    nodes["0"]!.build_requires = ["90"];
    nodes["90"] = { ref: "cmake/3.24.0", requires: ["91", "3"] };
    nodes["91"] = { ref: "ninja/1.11.0" };
    const r = parseConanLock(Buffer.from(JSON.stringify(doc)), "conan.lock");
    assert.deepEqual(nameVersions(r.packages.filter((p) => !p.dev)), goldenPackages("conan.json.golden", "conan.lock"));
    assert.deepEqual(nameVersions(r.packages.filter((p) => p.dev)), ["cmake@3.24.0", "ninja@1.11.0"]);
    assert.equal(r.packages.find((p) => p.name === "cmake")?.direct, true);
  });

  it("v0.5+ requires list (Conan 2): the same refs with revisions and timestamps; build requires are dev", () => {
    const v1 = JSON.parse(input.toString()) as { graph_lock: { nodes: Record<string, { ref?: string }> } };
    const refs = Object.values(v1.graph_lock.nodes).flatMap((n) => (n.ref ? [`${n.ref}#0123abcd%1700000000.0`] : []));
    const v2 = { version: "0.5", requires: refs, build_requires: ["cmake/3.27.1#aa%1"], python_requires: [], config_requires: [] };
    const r = parseConanLock(Buffer.from(JSON.stringify(v2)), "conan.lock");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(nameVersions(r.packages.filter((p) => !p.dev)), goldenPackages("conan.json.golden", "conan.lock"));
    assert.deepEqual(r.packages.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`), ["cmake@3.27.1"]);
  });

  it("refs: user/channel and revisions are not part of the version", () => {
    assert.deepEqual(parseConanRef("poco/1.9.4@user/stable#rrev"), { name: "poco", version: "1.9.4" });
    assert.deepEqual(parseConanRef("zlib/1.2.13#e377bee6%1666864786.286"), { name: "zlib", version: "1.2.13" });
    assert.equal(parseConanRef("conanfile.txt"), undefined);
    assert.equal(parseConanRef("a/b/c"), undefined);
  });

  it("bad input gives a warning naming the file", () => {
    for (const bad of ["{", "[]", '{"graph_lock": {}}', '{"version": "0.5"}']) {
      const r = parseConanLock(Buffer.from(bad), "/src/conan.lock");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length === 1 && r.warnings[0]!.startsWith("/src/conan.lock: "), bad);
    }
    const odd = parseConanLock(Buffer.from('{"graph_lock": {"nodes": {"0": 5, "1": {"ref": 7}, "2": {"ref": "x/1.0"}}}}'), "c.lock");
    assert.deepEqual(nameVersions(odd.packages), ["x@1.0"]);
  });
});
