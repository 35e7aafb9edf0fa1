import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { assertInvalid, checkTable, checkVectors, readVectors } from "../testing.js";
import { parseRpm, rpm, rpmvercmp } from "./index.js";

describe("rpm", () => {
  it("passes every rpmvercmp vector (rpm.tsv)", () => {
    const rows = readVectors(fixturesDir, "rpm.tsv");
    checkVectors(rows, rpm.compare, "rpm.tsv");
    checkVectors(rows.filter((r) => !/[-:]/.test(r.a + r.b)), rpmvercmp, "rpm.tsv (raw rpmvercmp)");
  });

  it("compares epoch, version, release; a missing epoch is 0", () => {
    checkTable(
      [
        ["0:1.0-1", "1.0-1", 0],
        ["1:1.0-1", "2.0-1", 1],
        ["1.0-1.el9", "1.0-1.el9_1", -1],
        ["1.0~rc1-1", "1.0-1", -1],
        ["1.0^git1-1", "1.0-1", 1],
        ["1.0^git1", "1.0.1", -1],
        ["2.02-1", "2.2-1", 0],
        ["1.0a", "1.0", 1],
        ["1.0", "1.0-1", -1],
        ["3.0.0-r3", "3.0.0_p1-r2", -1],
      ],
      rpm.compare,
    );
  });

  it("splits EVR as rpm: digits then ':' form the epoch, the last '-' starts the release", () => {
    const evr = (v: string): unknown => {
      const p = parseRpm(v);
      return typeof p === "string" ? p : { epoch: p.epoch, version: p.version, release: p.release };
    };
    assert.deepEqual(evr("2:1.0-3.fc40"), { epoch: "2", version: "1.0", release: "3.fc40" });
    assert.deepEqual(evr("1.0-2-3"), { epoch: "0", version: "1.0-2", release: "3" });
    assert.deepEqual(evr("a:1"), { epoch: "0", version: "a:1", release: undefined });
  });

  it("rejects empty and spaced versions", () => {
    assertInvalid(() => rpm.compare("", "1"), "rpm", "");
    assertInvalid(() => rpm.compare("1", "1 .0"), "rpm", "1 .0");
  });
});
