import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { existsSync, readFileSync } from "node:fs";
import { makeElf } from "../test-elf.js";
import { parseAuditableBinary } from "./auditable.js";

const section = (data: Buffer) => makeElf({ sections: [{ name: ".dep-v0", size: data.length, data: () => data }] });

describe("cargo-auditable", () => {
  it("reads the dependency list of a .dep-v0 section", () => {
    // The JSON shape cargo-auditable writes (auditable-serde): indexes into `packages`, the root flagged.
    const json = {
      packages: [
        { name: "adler", version: "1.0.2", source: "crates.io" },
        { name: "cc", version: "1.0.79", source: "crates.io", kind: "build" },
        { name: "hello", version: "0.1.0", source: "local", dependencies: [0, 1, 3], root: true },
        { name: "miniz_oxide", version: "0.7.1", source: "crates.io", dependencies: [0] },
      ],
    };
    const r = parseAuditableBinary(section(deflateSync(Buffer.from(JSON.stringify(json)))), "/usr/bin/hello");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.packages.map((p) => `${p.purl} ${p.direct ?? "-"} ${p.dev ?? "-"}`), [
      "pkg:cargo/adler@1.0.2 true false",
      "pkg:cargo/cc@1.0.79 true true",
      "pkg:cargo/hello@0.1.0 - -",
      "pkg:cargo/miniz_oxide@0.7.1 true false",
    ]);
  });

  it("a zlib bomb or garbage gives a warning", () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    assert.match(parseAuditableBinary(section(bomb), "/b").warnings[0] ?? "", /^\/b: unreadable cargo-auditable/);
    assert.match(parseAuditableBinary(section(Buffer.from("nope")), "/g").warnings[0] ?? "", /^\/g: /);
  });

  it("ELF binaries without the section (Debian's /usr/bin/umoci) give nothing", { skip: !existsSync("/usr/bin/umoci") }, () => {
    assert.deepEqual(parseAuditableBinary(readFileSync("/usr/bin/umoci"), "/usr/bin/umoci"), { packages: [], warnings: [] });
  });
});
