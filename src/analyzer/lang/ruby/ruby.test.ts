import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { langFixtures } from "../testing.js";
import { gemspecAnalyzer } from "./analyzer.js";
import { parseGemfileLock, stripPlatform } from "./gemfile-lock.js";
import { isGemspecPath, parseGemspec } from "./gemspec.js";

/** Gem specifications installed on this machine by Debian's ruby packages (real RubyGems output). */
const specDirs = [
  "/usr/share/rubygems-integration/all/specifications",
  ...(existsSync("/usr/lib/ruby/gems") ? readdirSync("/usr/lib/ruby/gems").flatMap((v) => [
    `/usr/lib/ruby/gems/${v}/specifications`,
    `/usr/lib/ruby/gems/${v}/specifications/default`,
  ]) : []),
].filter((d) => existsSync(d));

describe("ruby gemspec", () => {
  it("reads every installed gemspec: name-version matches the file name", { skip: specDirs.length === 0 }, () => {
    let n = 0;
    for (const dir of specDirs) {
      for (const f of readdirSync(dir).filter((x) => x.endsWith(".gemspec"))) {
        const path = join(dir, f);
        assert.ok(isGemspecPath(path) && gemspecAnalyzer.wants(path, { path, type: "file", size: 1, mode: 0o644, uid: 0, gid: 0 }));
        const r = parseGemspec(readFileSync(path), path);
        assert.equal(r.warnings.length, 0, path);
        const p = r.packages[0];
        assert.equal(`${p?.name}-${p?.version}.gemspec`, f);
        assert.equal(p?.purl, `pkg:gem/${p?.name}@${p?.version}`);
        n++;
      }
    }
    assert.ok(n >= 5);
  });

  it("licences, %q strings, Gem::Version, other block variable", () => {
    const src = `Gem::Specification.new do |spec|\n  spec.name = %q{old-gem}\n  spec.version = Gem::Version.new("0.9.1")\n  spec.licenses = ["MIT".freeze, 'Ruby']\nend\n`;
    const p = parseGemspec(Buffer.from(src), "/g/specifications/old-gem-0.9.1.gemspec").packages[0];
    assert.deepEqual([p?.name, p?.version, p?.licenses], ["old-gem", "0.9.1", ["MIT", "Ruby"]]);
    const bad = parseGemspec(Buffer.from("Gem::Specification.new do |s|\n s.name = compute_name\nend"), "/x/specifications/a.gemspec");
    assert.equal(bad.packages.length, 0);
    assert.match(bad.warnings[0] ?? "", /\/x\/specifications\/a\.gemspec/);
  });
});

describe("Gemfile.lock", () => {
  it("reads GEM, GIT and PATH specs and direct dependencies", () => {
    const path = join(langFixtures, "ruby/Gemfile.lock");
    const text = readFileSync(path, "utf8");
    const r = parseGemfileLock(Buffer.from(text), path);
    // Spec lines before the fixture's BAD-SECTION (an unknown section whose specs must be ignored).
    const known = text.slice(0, text.indexOf("\nBAD-SECTION"));
    const specLines = known.split("\n").filter((l) => /^ {4}\S+ \(/.test(l)).length;
    assert.equal(r.packages.length, specLines);
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.equal(by["google-cloud-errors"]?.version, "1.3.0");
    assert.equal(by.turbolinks?.version, "3.0.0");
    assert.equal(by.actionpack?.version, "4.1.1");
    assert.ok(r.packages.some((p) => p.direct) && r.packages.some((p) => !p.direct));
  });

  it("strips platforms", () => {
    assert.equal(stripPlatform("1.13.6-x86_64-linux"), "1.13.6");
    assert.equal(stripPlatform("1.0.0.pre1"), "1.0.0.pre1");
  });
});
