import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveSettings } from "./options.js";
import { globalSettings, imageSettings, parseBytes, parseDuration } from "./settings.js";

const specs = [...globalSettings, ...imageSettings];

describe("settings precedence: flag > env > file > default", () => {
  const cases: [string, Record<string, unknown>, string[], NodeJS.ProcessEnv, Record<string, unknown>, unknown][] = [
    ["default", {}, [], {}, {}, 600_000],
    ["file", {}, [], {}, { timeout: "5m" }, 300_000],
    ["env over file", {}, [], { DREDGE_TIMEOUT: "30s" }, { timeout: "5m" }, 30_000],
    ["flag over env", { timeout: "1h" }, ["timeout"], { DREDGE_TIMEOUT: "30s" }, { timeout: "5m" }, 3_600_000],
    ["flag value without cli source is ignored", { timeout: "1h" }, [], {}, {}, 600_000],
  ];
  for (const [name, flags, cli, env, file, want] of cases) {
    it(name, () => {
      const r = resolveSettings(specs, flags, (k) => cli.includes(k), env, file);
      assert.equal(r.timeout, want);
    });
  }

  it("--no-cache, DREDGE_CACHE=false and `cache: false` all disable the cache", () => {
    assert.equal(resolveSettings(specs, { cache: false }, (k) => k === "cache", {}, {}).cache, false);
    assert.equal(resolveSettings(specs, {}, () => false, { DREDGE_CACHE: "false" }, {}).cache, false);
    assert.equal(resolveSettings(specs, {}, () => false, {}, { cache: false }).cache, false);
    assert.equal(resolveSettings(specs, {}, () => false, {}, {}).cache, true);
  });

  it("names the source of a bad value", () => {
    assert.throws(() => resolveSettings(specs, {}, () => false, { DREDGE_INSECURE: "maybe" }, {}), /DREDGE_INSECURE/);
    assert.throws(() => resolveSettings(specs, {}, () => false, {}, { "max-layer-bytes": "lots" }), /max-layer-bytes in the config file/);
  });
});

describe("parseDuration / parseBytes", () => {
  const durations: [string, number | undefined][] = [
    ["90", 90_000], ["90s", 90_000], ["5m", 300_000], ["1h30m", 5_400_000], ["250ms", 250], ["1.5s", 1500],
    ["", undefined], ["5x", undefined], ["m", undefined], ["5m junk", undefined],
  ];
  for (const [t, want] of durations) it(`duration ${JSON.stringify(t)}`, () => assert.equal(parseDuration(t), want));
  const sizes: [string, number | undefined][] = [
    ["1024", 1024], ["1k", 1024], ["512M", 512 * 1024 ** 2], ["32G", 32 * 1024 ** 3], ["1.5GiB", 1.5 * 1024 ** 3], ["big", undefined],
  ];
  for (const [t, want] of sizes) it(`size ${t}`, () => assert.equal(parseBytes(t), want));
});
