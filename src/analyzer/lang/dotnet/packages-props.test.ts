import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, goldenPackages, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { exactNugetVersion, parsePackagesProps } from "./packages-props.js";
import { packagesPropsAnalyzer } from "./packages-props-analyzer.js";

const input = readFileSync(join(trivyInputs, "packagesprops/Directory.Packages.props"));

describe("Directory.Packages.props", () => {
  it("agrees with trivy's golden; central versions are direct", async () => {
    const { result, warnings } = await runAnalyzer(packagesPropsAnalyzer, collect(packagesPropsAnalyzer, join(trivyInputs, "packagesprops")));
    assert.deepEqual(warnings, []);
    const pkgs = result.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(nameVersions(pkgs), goldenPackages("packagesprops.json.golden", "Directory.Packages.props"));
    assert.equal(pkgs[0]?.direct, true);
    assert.equal(pkgs[0]?.purl, "pkg:nuget/Newtonsoft.Json@9.0.1");
  });

  it("Update, GlobalPackageReference, a Version element and single quotes; properties and comments are skipped", () => {
    const extra = `
    <!-- <PackageVersion Include="Commented.Out" Version="1.0.0" /> -->
    <PackageVersion Update='Serilog' Version='[2.10.0]' />
    <GlobalPackageReference Include="StyleCop.Analyzers" Version="1.1.118" />
    <PackageReference Include="Dapper"><Version>2.0.123</Version></PackageReference>
    <PackageVersion Include="FromProperty" Version="$(FromPropertyVersion)" />
  </ItemGroup>`;
    const text = input.toString().replace("</ItemGroup>", extra);
    const r = parsePackagesProps(Buffer.from(text), "Directory.Packages.props");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(nameVersions(r.packages), ["Dapper@2.0.123", "Newtonsoft.Json@9.0.1", "Serilog@2.10.0", "StyleCop.Analyzers@1.1.118"]);
  });

  it("version ranges are not exact versions", () => {
    assert.equal(exactNugetVersion("[1.2.3]"), "1.2.3");
    assert.equal(exactNugetVersion("[1.0,2.0)"), undefined);
    assert.equal(exactNugetVersion("1.*"), undefined);
    const r = parsePackagesProps(Buffer.from('<Project><ItemGroup><PackageVersion Include="A" Version="[1.0,2.0)"/></ItemGroup></Project>'), "/p/Packages.props");
    assert.deepEqual(r, { packages: [], warnings: ['/p/Packages.props: A version "[1.0,2.0)" is not an exact version'] });
  });

  it("a file that is not an MSBuild project gives a warning naming the file", () => {
    for (const bad of ["", "{}", "<Foo/>"]) {
      const r = parsePackagesProps(Buffer.from(bad), "/src/Directory.Packages.props");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length === 1 && r.warnings[0]!.startsWith("/src/Directory.Packages.props: "), bad);
    }
  });
});
