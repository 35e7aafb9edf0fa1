/**
 * The bundled CLI (dist/bundle, built by `npm run build`) as users run it, through bin/dredge.js: its
 * version, help, and real scans of the test images, the same as the CLI run from the sources in process.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { runBin, runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

const root = resolve(import.meta.dirname, "../..");
const bundle = join(root, "dist/bundle/dredge.js");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

let dir: string;
let db: string;
before(async () => {
  if (!existsSync(bundle)) throw new Error("dist/bundle is missing: run npm run build first");
  dir = mkdtempSync(join(tmpdir(), "dredge-bundle-"));
  db = await buildFixtureDb(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A JSON report without what differs from run to run. */
const stable = (text: string): unknown => {
  const doc = JSON.parse(text) as Record<string, unknown>;
  delete doc.createdAt;
  return doc;
};

describe("the bundled CLI", () => {
  it("its CommonJS chunks run in strict mode, as the ES modules they were built from", () => {
    const chunks = readdirSync(dirname(bundle)).filter((f) => f.endsWith(".cjs"));
    assert.ok(chunks.length > 1);
    for (const f of chunks) assert.ok(readFileSync(join(dirname(bundle), f), "utf8").startsWith('"use strict";\n'), f);
  });

  it("--version is package.json's", () => {
    const r = runBin(["--version"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it("--help of the program and of commands is the in-process CLI's", async () => {
    for (const args of [["--help"], ["image", "--help"], ["db", "build", "--help"], ["server", "--help"]]) {
      const [bin, cli] = [runBin(args), await runCli(args)];
      assert.equal(bin.code, 0, bin.stderr);
      assert.equal(bin.stdout, cli.stdout, args.join(" "));
    }
  });

  it("a usage error is the in-process CLI's", async () => {
    const args = ["image", "x", "--severity", "CRTICAL"];
    const [bin, cli] = [runBin(args, { HOME: dir }), await runCli(args, { HOME: dir })];
    assert.deepEqual([bin.code, bin.stderr], [cli.code, cli.stderr]);
  });

  const images = testImages();
  it("keeps the compiled code of a command in CACHE_DIR/code and runs the same from it (Node 20)", { skip: process.versions.node.split(".")[0] !== "20" }, () => {
    const cache = join(dir, "code-cache");
    mkdirSync(cache);
    const codeFiles = () => (existsSync(join(cache, "code")) ? readdirSync(join(cache, "code")).filter((f) => f.endsWith(".v8cache")) : []);
    const help = runBin(["image", "--help", "--cache-dir", cache]);
    assert.equal(help.code, 0, help.stderr);
    assert.deepEqual(codeFiles(), [], "a help run writes none");
    const args = ["image", images.ociArchive, "--db", db, "--format", "json", "--cache-dir", cache, "--scanners", "vuln,secret"];
    const first = runBin(args);
    assert.equal(first.code, 0, first.stderr);
    const written = codeFiles();
    assert.ok(written.length > 1 && written.every((f) => f.startsWith("image.")), written.join(", "));
    const stamps = () => written.map((f) => statSync(join(cache, "code", f)).mtimeMs);
    const before = stamps();
    const second = runBin(args);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(stable(second.stdout), stable(first.stdout));
    assert.deepEqual([codeFiles(), stamps()], [written, before], "the second run used them: nothing written again");
    assert.equal(runBin(["image", "--help", "--cache-dir", cache]).stdout, help.stdout);
  });

  for (const [name, target] of [["bookworm OCI archive", images.ociArchive], ["rpm image (its rpmdb read in a child process)", images.rpmDockerArchive]]) {
    it(`scans the ${name} as the in-process CLI does`, async () => {
      const args = (cache: string) => ["image", target!, "--db", db, "--format", "json", "--cache-dir", join(dir, cache), "--scanners", "vuln,secret", "--list-all-pkgs"];
      const bin = runBin(args("bin"));
      const cli = await runCli(args("cli"));
      assert.equal(bin.code, 0, bin.stderr);
      assert.equal(cli.code, 0, cli.stderr);
      assert.equal(bin.stderr, cli.stderr);
      const report = stable(bin.stdout) as { targets: { packages?: unknown[] }[] };
      assert.ok(report.targets.some((t) => (t.packages?.length ?? 0) > 0), "packages listed");
      assert.deepEqual(report, stable(cli.stdout));
    });
  }
});
