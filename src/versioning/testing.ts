/** Test helpers (used by the *.test.ts files only): the shared version vectors and table assertions. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Sign } from "./types.js";

export interface Vector {
  a: string;
  b: string;
  expected: Sign;
  line: number;
}

/** Reads `<fixturesDir>/versions/<file>` (fixturesDir from test/helpers/images.ts). */
export function readVectors(fixturesDir: string, file: string): Vector[] {
  const path = join(fixturesDir, "versions", file);
  const rows = readFileSync(path, "utf8").split("\n");
  assert.equal(rows[0], "a\tb\texpected", `${path}: header`);
  const out: Vector[] = [];
  rows.slice(1).forEach((row, i) => {
    if (row === "") return;
    const [a, b, e] = row.split("\t");
    assert.ok(a !== undefined && b !== undefined && ["-1", "0", "1"].includes(e ?? ""), `${path}:${i + 2}: bad row`);
    out.push({ a, b, expected: Number(e) as Sign, line: i + 2 });
  });
  return out;
}

/** Checks every vector with `compare`, reporting all failures at once. */
export function checkVectors(vectors: readonly Vector[], compare: (a: string, b: string) => number, file: string): void {
  const bad = vectors.filter((v) => compare(v.a, v.b) !== v.expected);
  const show = bad.slice(0, 20).map((v) => `  line ${v.line}: ${JSON.stringify(v.a)} vs ${JSON.stringify(v.b)} expected ${v.expected}, got ${compare(v.a, v.b)}`);
  assert.equal(bad.length, 0, `${file}: ${bad.length} of ${vectors.length} rows differ\n${show.join("\n")}`);
}

/** `[a, b, sign]` rows: checks compare(a, b) and the mirrored compare(b, a). */
export function checkTable(rows: readonly (readonly [string, string, Sign])[], compare: (a: string, b: string) => number): void {
  for (const [a, b, s] of rows) {
    assert.equal(compare(a, b), s, `${a} vs ${b}`);
    assert.equal(compare(b, a), -s || 0, `${b} vs ${a}`);
  }
}

/** Asserts that `f` throws DredgeError INVALID_VERSION whose message names the scheme and the input. */
export function assertInvalid(f: () => unknown, scheme: string, input: string): void {
  assert.throws(f, (err: unknown) => {
    const e = err as { code?: string; message?: string };
    return e.code === "INVALID_VERSION" && (e.message ?? "").includes(`invalid ${scheme} version "${input}"`);
  });
}
