/** Every file of the real Debian bookworm test rootfs: no false positives, and the time it takes. */
import { it } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { testImages } from "../../../test/helpers/images.js";
import { compileRuleSet, isBinaryPath, scanText, secretRuleSet } from "./index.js";
import type { SecretFinding } from "../../model/finding.js";

it("bookworm rootfs: no findings; scan time reported", (t) => {
  const root = testImages().rootfs;
  const rules = secretRuleSet();
  const set = compileRuleSet(rules);
  const findings: SecretFinding[] = [];
  let scanned = 0;
  let bytes = 0;
  let readMs = 0;
  let scanMs = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      if (!st.isFile() || st.size === 0 || st.size > rules.maxFileSize) continue;
      const path = p.slice(root.length);
      if (isBinaryPath(path)) continue;
      let t0 = performance.now();
      const buf = readFileSync(p);
      readMs += performance.now() - t0;
      t0 = performance.now();
      findings.push(...scanText(path, buf, set));
      scanMs += performance.now() - t0;
      scanned++;
      bytes += buf.length;
    }
  };
  walk(root);
  t.diagnostic(`scanned ${scanned} files, ${(bytes / 1e6).toFixed(1)} MB: read ${readMs.toFixed(0)} ms, secret scan ${scanMs.toFixed(0)} ms`);
  assert.ok(scanned > 1000, `only ${scanned} files scanned`);
  assert.deepEqual(findings.map((f) => `${f.path}:${f.startLine} ${f.ruleId}`), []);
});
