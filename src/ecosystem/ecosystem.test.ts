import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ecosystems as languageMatcherEcosystems } from "../matcher/language/ecosystems.js";
import { ecosystems, fetchedOsvEcosystems, namespaceScheme, osvEcosystem, schemeIdForEcosystem, shardGroup, storedOsvEcosystems } from "./index.js";

describe("the ecosystem map", () => {
  it("names each OSV ecosystem and namespace once", () => {
    const osv = ecosystems.flatMap((e) => (e.osv ? [e.osv] : []));
    const namespaces = ecosystems.flatMap((e) => (e.namespace ? [e.namespace] : []));
    assert.equal(new Set(osv).size, osv.length);
    assert.equal(new Set(namespaces).size, namespaces.length);
  });

  it("gives distro names the distro's scheme, from any of its names", () => {
    const cases: [string, string][] = [
      ["rhel", "rpm"], ["Amazon Linux:2", "rpm"], ["azure linux", "rpm"], ["Photon OS:5.0", "rpm"], ["openEuler:22.03", "rpm"],
      ["MinimOS", "apk"], ["chainguard", "apk"], ["suse linux enterprise", "rpm"], ["pip", "pep440"], ["golang", "go"],
      ["SwiftURL", "semver"], ["GitHub Actions", "semver"], ["constructor", "generic"],
    ];
    for (const [name, scheme] of cases) assert.equal(schemeIdForEcosystem(name), scheme, name);
  });

  it("resolves OSV names exactly, namespaces to schemes and shard groups", () => {
    assert.equal(osvEcosystem("PyPI")?.namespace, "pypi");
    assert.equal(osvEcosystem("pypi"), undefined);
    assert.equal(osvEcosystem("Wolfi"), undefined);
    assert.equal(namespaceScheme("ubuntu-pro:16.04"), "deb");
    assert.equal(namespaceScheme("cpe"), undefined);
    assert.equal(shardGroup("ubuntu-pro"), "ubuntu");
    assert.equal(shardGroup("opensuse"), "opensuse");
    assert.equal(shardGroup("cpe"), "cpe");
  });

  it("stores and fetches the OSV ecosystems with a namespace", () => {
    assert.ok(fetchedOsvEcosystems.every((e) => storedOsvEcosystems.includes(e)));
    assert.deepEqual(storedOsvEcosystems.filter((e) => !fetchedOsvEcosystems.includes(e)), ["SwiftURL", "ConanCenter"]);
    assert.ok(fetchedOsvEcosystems.includes("Rocky Linux") && fetchedOsvEcosystems.includes("npm"));
  });

  it("knows every namespace the language matcher reads", () => {
    for (const e of Object.values(languageMatcherEcosystems)) assert.equal(namespaceScheme(e.namespace), e.scheme, e.namespace);
  });
});
