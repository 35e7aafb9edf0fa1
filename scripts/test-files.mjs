// The project's test files: every *.test.ts under src/ and test/ (scripts/test.mjs runs them; scripts/test-times.mjs times them).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function testFiles(roots = ["src", "test"]) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "testdata") continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".test.ts")) files.push(p);
    }
  };
  for (const r of roots) walk(r);
  return files;
}
