import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pathSkipper, skipInventory, skipOther } from "./skip.js";
import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";

const pkg = (name: string, ...paths: string[]): Package =>
  ({ type: "npm", name, version: "1.0.0", purl: `pkg:npm/${name}@1.0.0`, locations: paths.map((path) => ({ path })) });

describe("--skip-dirs / --skip-files", () => {
  it("skips a directory and everything under it, with or without a leading / or ./", () => {
    const skip = pathSkipper(["/usr/src/app/node_modules", "./vendor"], [])!;
    assert.equal(skip("/usr/src/app/node_modules/lodash/package.json"), true);
    assert.equal(skip("usr/src/app/node_modules", true), true, "the directory itself, in a walk");
    assert.equal(skip("/usr/src/app/node_modules2/x"), false, "a prefix of a name is not the directory");
    assert.equal(skip("vendor/composer/installed.json"), true);
    assert.equal(skip("/src/vendor/x"), false, "no ** means relative to the root");
  });

  it("globs: ** crosses directories, dot files match, files by pattern", () => {
    const skip = pathSkipper(["**/node_modules", "**/.terraform"], ["**/*.jar", "requirements-dev.txt"])!;
    assert.equal(skip("/app/a/node_modules/x/package.json"), true);
    assert.equal(skip("infra/.terraform/providers/x"), true);
    assert.equal(skip("/opt/app/lib/spring.jar"), true);
    assert.equal(skip("requirements-dev.txt"), true);
    assert.equal(skip("sub/requirements-dev.txt"), false);
    assert.equal(skip("/app/package.json"), false);
    assert.equal(skip("/usr/bin/node_modules"), false, "a directory glob does not match a file of that name");
    assert.equal(skip("/opt/lib.jar", true), false, "a file glob does not match a directory");
  });

  it("nothing to skip: no predicate", () => {
    assert.equal(pathSkipper([], [" "]), undefined);
  });

  it("drops packages found only in skipped paths and findings there; other locations stay", () => {
    const skip = pathSkipper(["skipped"], [])!;
    const inv = { target: { name: "x", source: "fs", repoTags: [], repoDigests: [] }, packages: [pkg("a", "/skipped/a"), pkg("b", "/skipped/b", "/kept/b"), pkg("c", "/kept/c")], layers: [], warnings: [] } as Inventory;
    const out = skipInventory(inv, skip);
    assert.deepEqual(out.packages.map((p) => [p.name, p.locations.map((l) => l.path)]), [["b", ["/kept/b"]], ["c", ["/kept/c"]]]);
    const secret = { path: "/skipped/.env" } as never;
    const kept = { path: "/kept/.env" } as never;
    const other = skipOther({ secrets: [secret, kept], misconfigs: [{ location: { path: "/skipped/Dockerfile" } } as never], licenses: [] }, skip);
    assert.deepEqual([other.secrets.length, other.misconfigs.length], [1, 0]);
  });
});
