import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { goldenPackages, nameVersions, trivyInputs } from "../testing.js";
import { parseDepsJson, parsePackagesLock } from "./nuget.js";

describe("nuget", () => {
  it("packages.lock.json agrees with trivy's golden", () => {
    const r = parsePackagesLock(readFileSync(join(trivyInputs, "nuget/packages.lock.json")), "/packages.lock.json");
    assert.deepEqual(nameVersions(r.packages), goldenPackages("nuget.json.golden", "packages.lock.json"));
    assert.equal(r.packages[0]?.purl, "pkg:nuget/Newtonsoft.Json@12.0.3");
    assert.ok(r.packages.every((p) => p.direct === true));
  });

  it("deps.json: libraries of type package only", () => {
    // Shape written by `dotnet publish` (runtimeTarget, targets, libraries); the app itself is a "project".
    const doc = {
      runtimeTarget: { name: ".NETCoreApp,Version=v8.0", signature: "" },
      targets: { ".NETCoreApp,Version=v8.0": { "App/1.0.0": { dependencies: { "Serilog": "3.1.1" } } } },
      libraries: {
        "App/1.0.0": { type: "project", serviceable: false, sha512: "" },
        "Serilog/3.1.1": { type: "package", serviceable: true, sha512: "sha512-x", path: "serilog/3.1.1" },
        "System.Text.Json/8.0.0": { type: "package", serviceable: true, sha512: "sha512-y" },
        "Microsoft.NETCore.App.Runtime/8.0.0": { type: "runtimepack" },
      },
    };
    const r = parseDepsJson(Buffer.from(JSON.stringify(doc)), "/app/App.deps.json");
    assert.deepEqual(nameVersions(r.packages), ["Serilog@3.1.1", "System.Text.Json@8.0.0"]);
    assert.match(parseDepsJson(Buffer.from("[1,"), "/app/App.deps.json").warnings[0] ?? "", /App\.deps\.json/);
  });
});
