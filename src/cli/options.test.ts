import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDredgeError } from "../errors.js";
import { defaultInput } from "../scan/options.js";
import { typedOptionKeys, validateSettings } from "./options.js";
import { allSettings } from "./scan-settings.js";
import { globalSettings, pickSettings, setting, type SettingSpec } from "./settings.js";

/** The one-line USAGE message of validating `raw` against `specs`. */
function failure(specs: readonly SettingSpec[], env: NodeJS.ProcessEnv, file: Record<string, unknown> = {}): string {
  try {
    validateSettings(specs, pickSettings(specs, {}, () => false, env, file, "./dredge.yaml"));
  } catch (err) {
    assert.ok(isDredgeError(err, "USAGE"), String(err));
    assert.doesNotMatch(err.message, /\n/);
    return err.message;
  }
  assert.fail("accepted");
}

describe("CLI settings and the ScanOptions schema", () => {
  it("every setting of every command has a typed field", () => {
    for (const spec of allSettings) assert.ok(typedOptionKeys.has(spec.key), spec.key);
  });

  it("a setting's own default, when it has one, is the schema's", () => {
    for (const spec of allSettings) {
      const schema = defaultInput(spec.key);
      if (spec.defaultValue !== undefined && schema !== undefined) assert.equal(spec.defaultValue, schema, spec.key);
    }
  });

  it("a global setting declares any default the schema has (the root program's help is built without the schema)", () => {
    for (const spec of globalSettings) {
      const schema = defaultInput(spec.key);
      if (schema !== undefined) assert.equal(spec.defaultValue, schema, spec.key);
    }
  });

  it("all defaults validate", () => {
    const o = validateSettings(allSettings, pickSettings(allSettings, {}, () => false, {}, {}));
    assert.deepEqual([o.quiet, o.debug, o.cacheDir, o.timeout, o.exitCode], [false, false, undefined, 600_000, 0]);
  });

  it("names the variable with its flag, or the key with its file", () => {
    assert.equal(failure(allSettings, { DREDGE_SORT: "size" }), 'invalid DREDGE_SORT (--sort): "size" is not one of severity, risk, package');
    assert.equal(failure(allSettings, {}, { "group-by": "image" }), 'invalid group-by in ./dredge.yaml: "image" is not one of target, layer');
  });

  it("a setting without a typed field (one just added to settings.ts) is checked by its declared type", () => {
    const extra = [setting("tmpDir", "--tmp-dir <dir>", "string", "temp files"), setting("retries", "--retries <n>", "integer", "retries", 3)];
    const specs = [...allSettings, ...extra];
    const o = validateSettings(specs, pickSettings(specs, {}, () => false, { DREDGE_TMP_DIR: "/scratch" }, {})) as unknown as Record<string, unknown>;
    assert.deepEqual([o.tmpDir, o.retries], ["/scratch", 3]);
    assert.equal(failure(specs, { DREDGE_RETRIES: "many" }), 'invalid DREDGE_RETRIES (--retries): "many" is not a whole number');
  });
});
