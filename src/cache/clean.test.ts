import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cleanCache } from "./layer-cache.js";

/** A cache dir with every kind of entry `dredge cache clean` knows, and one it does not (the database). */
function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "dredge-clean-"));
  for (const sub of ["layers", "verified", "tmp", "code", "db"]) {
    mkdirSync(join(dir, sub));
    writeFileSync(join(dir, sub, "x"), "x");
  }
  return dir;
}

describe("dredge cache clean", () => {
  it("removes layer analyses, verified-file records, temp files and the code cache; keeps the database", async () => {
    const dir = cacheDir();
    try {
      await cleanCache(dir);
      assert.deepEqual(["layers", "verified", "tmp", "code", "db"].filter((s) => existsSync(join(dir, s))), ["db"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--layers: only the layer analyses", async () => {
    const dir = cacheDir();
    try {
      await cleanCache(dir, "layers");
      assert.deepEqual(["layers", "verified", "tmp", "code", "db"].filter((s) => existsSync(join(dir, s))), ["verified", "tmp", "code", "db"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
