import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PassThrough } from "node:stream";
import { allCommands } from "./commands/index.js";
import { buildProgram, main, modulesFor } from "./main.js";

const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} });
const root = buildProgram(io(), { code: 0 }, []);
/** The top-level commands of the modules a command line loads. */
const loads = (...args: string[]): string[] => modulesFor(root, args).flatMap((m) => m.names);
const every = buildProgram(io(), { code: 0 }, allCommands).commands.map((c) => c.name());

describe("the CLI loads only the command that runs", () => {
  it("a command named after global options (and their values) loads its module alone", () => {
    assert.deepEqual(loads("image", "x"), ["image", "fs", "rootfs"]);
    assert.deepEqual(loads("-q", "--cache-dir", "image", "sbom", "x"), ["sbom"]);
    assert.deepEqual(loads("--timeout=5m", "-c", "db", "db", "status"), ["db"]);
    assert.deepEqual(loads("worker", "--help"), ["server", "worker"]);
  });

  it("--version before any command loads none", () => {
    assert.deepEqual(loads("--version"), []);
    assert.deepEqual(loads("-q", "-v", "image"), []);
  });

  it("help, no command, an unknown option or command loads every one", () => {
    for (const args of [[], ["--help"], ["help", "image"], ["--severity", "HIGH", "image", "x"], ["imgae", "x"], ["-qd", "image", "x"], ["--cache-dir"]]) {
      assert.deepEqual(loads(...args), every, args.join(" "));
    }
  });

  it("every command of the program has its module, in the order of allCommands", () => {
    assert.deepEqual(loads("--help"), every);
  });

  it("--version prints the version; --help lists every command", async () => {
    const run = async (...args: string[]) => {
      const s = io();
      let out = "";
      s.stdout.on("data", (c: Buffer) => (out += c.toString()));
      const code = await main(["node", "dredge", ...args], s);
      return { code, out };
    };
    assert.match((await run("--version")).out, /^\d+\.\d+\.\d+/);
    const help = await run("--help");
    assert.equal(help.code, 0);
    for (const name of every) assert.match(help.out, new RegExp(`^  ${name}\\b`, "m"), name);
  });
});
