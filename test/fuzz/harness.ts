/**
 * Runs a family of fuzz targets as node:test cases: one fast-check property per target over recipes (a seed
 * and its mutations, or random bytes), then every saved regression input of the family. A failing case's
 * bytes are written to $TMPDIR/dredge-fuzz/ so they can be kept under test/fuzz/regressions/<family>/.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { fuzzBudget, selected, type FuzzBudget } from "./budget.js";
import { installFsGuard, uninstallFsGuard } from "./fs-guard.js";
import { applyJsonMutations, jsonMutation, parseJsonSeed, type JsonMutation } from "./json-mutate.js";
import { applyByteMutation, byteMutation, commonTokens, type ByteMutation } from "./mutate.js";
import { checkCase } from "./oracle.js";
import { identity, type FuzzTarget } from "./target.js";

export const regressionsDir = join(import.meta.dirname, "regressions");
/** Inputs grown past this by mutations are cut (repeats of repeats). */
const MAX_INPUT_BYTES = 8 * 1024 * 1024;
/** Time left for shrinking a failure found near the end of a CI run. */
const SHRINK_MS = 30_000;

export interface Recipe {
  seed: number;
  /** Random bytes instead of a seed. */
  random: Uint8Array | undefined;
  json: readonly JsonMutation[];
  bytes: readonly ByteMutation[];
  encoder: number;
}

function recipe(seedCount: number, hasJson: boolean): fc.Arbitrary<Recipe> {
  return fc.record({
    seed: fc.nat(),
    random: fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }) }),
    json: hasJson ? fc.array(jsonMutation(), { maxLength: 3 }) : fc.constant<JsonMutation[]>([]),
    bytes: fc.oneof({ weight: 1, arbitrary: fc.constant<ByteMutation[]>([]) }, { weight: 3, arbitrary: fc.array(byteMutation(seedCount), { minLength: 1, maxLength: 6 }) }),
    encoder: fc.nat(),
  });
}

interface Prepared {
  target: FuzzTarget;
  seeds: Buffer[];
  docs: unknown[];
  tokens: readonly string[];
}

export function buildInput(p: Prepared, r: Recipe): Buffer {
  const i = r.seed % p.seeds.length;
  let buf = r.random ? Buffer.from(r.random) : (p.seeds[i] as Buffer);
  const doc = p.docs[i];
  if (!r.random && r.json.length > 0 && doc !== undefined) buf = Buffer.from(applyJsonMutations(doc, r.json), "utf8").subarray(0, MAX_INPUT_BYTES);
  for (const m of r.bytes) {
    buf = applyByteMutation(buf, m, p.tokens, p.seeds);
    if (buf.length > MAX_INPUT_BYTES) buf = buf.subarray(0, MAX_INPUT_BYTES);
  }
  const encoders = p.target.encoders ?? [identity];
  return (encoders[r.encoder % encoders.length] ?? identity).encode(buf);
}

function saveFailure(name: string, input: Buffer): string {
  const dir = join(tmpdir(), "dredge-fuzz");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/\//g, "--")}.last-failure.b64`);
  writeFileSync(file, `${input.toString("base64").replace(/.{1,76}/g, "$&\n")}`);
  return file;
}

async function prepare(target: FuzzTarget): Promise<Prepared> {
  const seeds = await target.seeds();
  assert.ok(seeds.length > 0, `${target.name}: no seeds`);
  return { target, seeds, docs: seeds.map(parseJsonSeed), tokens: [...commonTokens, ...(target.tokens ?? [])] };
}

export async function fuzzTarget(target: FuzzTarget, budget: FuzzBudget): Promise<void> {
  const p = await prepare(target);
  const timeBound = budget.runs === Number.MAX_SAFE_INTEGER;
  // CI runs: past the budget the remaining runs do nothing, but a failure found in time is still shrunk.
  const deadline = timeBound ? Infinity : performance.now() + budget.ms;
  let failing = false;
  const stats = new Map<string, number>();
  const property = fc.asyncProperty(recipe(p.seeds.length, p.docs.some((d) => d !== undefined)), async (r) => {
    if (!failing && performance.now() > deadline) return true;
    const input = buildInput(p, r);
    const { problem, outcome } = await checkCase(target, input, budget.slowMs);
    stats.set(outcome, (stats.get(outcome) ?? 0) + 1);
    if (problem === undefined) return true;
    failing = true;
    throw new Error(`${target.name}: ${problem}\n(failing input, ${input.length} bytes, saved as ${saveFailure(target.name, input)})`);
  });
  const details = await fc.check(property, {
    numRuns: budget.runs,
    ...(budget.seed !== undefined ? { seed: budget.seed } : {}),
    ...(budget.path !== undefined ? { path: budget.path } : {}),
    interruptAfterTimeLimit: timeBound ? budget.ms : budget.ms + SHRINK_MS,
    markInterruptAsFailure: false,
  });
  if (budget.stats) console.log(`${target.name}: ${[...stats].sort().map(([k, n]) => `${k} ×${n}`).join(", ")}`);
  if (details.failed) assert.fail(failureReport(target, details));
}

function failureReport(target: FuzzTarget, d: fc.RunDetails<[Recipe]>): string {
  const why = d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance);
  const family = target.name.split("/")[0] ?? "";
  return [
    why,
    `replay: DREDGE_FUZZ_SEED=${d.seed} DREDGE_FUZZ_PATH=${d.counterexamplePath ?? ""} DREDGE_FUZZ_ONLY=${target.name} node scripts/test.mjs test/fuzz/${family}.test.ts`,
    `recipe (after ${d.numRuns} runs, ${d.numShrinks} shrinks): ${fc.stringify(d.counterexample)}`.slice(0, 2000),
  ].join("\n");
}

/** A saved input's bytes: `.b64` files are base64, then a `.gz` before it (`x.gz.b64`) or at the end is gunzipped. */
function decodeRegression(name: string, raw: Buffer): Buffer {
  const b64 = name.endsWith(".b64");
  const bytes = b64 ? Buffer.from(raw.toString("latin1"), "base64") : raw;
  return name.replace(/\.b64$/, "").endsWith(".gz") ? gunzipSync(bytes) : bytes;
}

/** Saved inputs of `target`: `regressions/<family>/<name>.<label>.<ext>` (see decodeRegression). */
export function regressionInputs(target: FuzzTarget): { file: string; input: Buffer }[] {
  const [family = "", name = ""] = target.name.split("/");
  const dir = join(regressionsDir, family);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}.`))
    .sort()
    .map((f) => ({ file: `${family}/${f}`, input: decodeRegression(f, readFileSync(join(dir, f))) }));
}

/** One describe block: a property per target (DREDGE_FUZZ_ONLY filters), then the family's regression inputs. */
export function fuzzFamily(family: string, targets: readonly FuzzTarget[]): void {
  const budget = fuzzBudget();
  const misnamed = targets.filter((t) => !t.name.startsWith(`${family}/`)).map((t) => t.name);
  if (misnamed.length > 0) throw new Error(`fuzz family ${family}: targets named outside it: ${misnamed.join(", ")}`);
  describe(`fuzz ${family}`, () => {
    before(installFsGuard);
    after(uninstallFsGuard);
    for (const t of targets) {
      if (selected(budget, t.name)) it(t.name, () => fuzzTarget(t, budget));
    }
    it("every regression input names a target of the family", () => {
      const dir = join(regressionsDir, family);
      const names = targets.map((t) => t.name.slice(family.length + 1));
      const orphans = existsSync(dir) ? readdirSync(dir).filter((f) => !names.some((n) => f.startsWith(`${n}.`))) : [];
      assert.deepEqual(orphans, []);
    });
    for (const t of targets) {
      for (const r of regressionInputs(t)) {
        it(`regression ${r.file}`, async () => {
          const { problem } = await checkCase(t, r.input, budget.slowMs);
          assert.equal(problem, undefined, `${r.file}: ${problem}`);
        });
      }
    }
  });
}
