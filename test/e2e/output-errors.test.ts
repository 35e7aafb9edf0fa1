/**
 * Output failures a user meets: a reader that goes away (`dredge … | head`), a report path in a directory
 * that does not exist. One line (plus hint) or nothing, never a stack trace.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";

const bin = resolve(import.meta.dirname, "../../bin/dredge.js");
let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), "dredge-output-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the real executable, reads its first chunk of stdout, then closes the pipe (as `head -1` does). */
function runAndCloseEarly(args: string[]): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let first = "";
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.stdout.once("data", (c: Buffer) => {
      first = c.toString("utf8");
      child.stdout.destroy();
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr, first }));
  });
}

describe("output errors", () => {
  it("exits quietly with the command's code when the reader of stdout goes away (EPIPE)", async () => {
    const rootfs = testImages().rootfs;
    const r = await runAndCloseEarly(["rootfs", rootfs, "--scanners", "license", "--cache-dir", join(work, "cache")]);
    assert.ok(r.first.length > 0);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
  });

  it("a report file in a missing directory is one error naming the file, exit 2, nothing left behind", async () => {
    const dir = join(work, "proj");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, "requirements.txt"), "requests==2.31.0\n");
    const target = join(work, "missing", "x.json");
    const r = await runCli(["fs", dir, "--scanners", "secret", "--format", `json=${target}`, "--cache-dir", join(work, "cache")]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split("\n");
    assert.match(lines[0]!, new RegExp(`^error: cannot write ${target.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: no such directory$`));
    assert.ok(lines.every((l) => !/^\s+at /.test(l)), r.stderr);
    assert.deepEqual(readdirSync(work).filter((n) => n === "missing"), []);
  });
});
