import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PassThrough } from "node:stream";
import { allCommands } from "./commands/index.js";
import { commandSummaries } from "./commands/summary.js";
import { buildProgram, main, modulesFor } from "./main.js";

const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: {} });
const root = buildProgram(io(), { code: 0 }, []);
/** The top-level commands of the modules a command line loads ("summaries": none, the root's help from the summaries). */
const loads = (...args: string[]): string[] | "summaries" => {
  const needs = modulesFor(root, args);
  return needs === "summaries" ? needs : needs.flatMap((m) => m.names);
};
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

  it("the root's help (no command, --help, help) loads none; help COMMAND loads that command's module", () => {
    for (const args of [[], ["--help"], ["-q", "-h", "image"], ["help"], ["-c", "x"], ["--cache-dir"]]) assert.equal(loads(...args), "summaries", args.join(" "));
    assert.deepEqual(loads("help", "sbom"), ["sbom"]);
    assert.deepEqual(loads("help", "worker"), ["server", "worker"]);
  });

  it("an unknown option or command loads every one", () => {
    for (const args of [["help", "imgae"], ["--severity", "HIGH", "image", "x"], ["imgae", "x"], ["-qd", "image", "x"]]) {
      assert.deepEqual(loads(...args), every, args.join(" "));
    }
  });

  it("every command of the program has its module and its summary, in the order of allCommands", () => {
    assert.deepEqual(loads("imgae"), every);
    assert.deepEqual(Object.keys(commandSummaries), every);
  });

  it("the root's help from the summaries is the whole program's help", async () => {
    const whole = buildProgram(io(), { code: 0 }, allCommands);
    const s = io();
    let out = "";
    s.stdout.on("data", (c: Buffer) => (out += c.toString()));
    assert.equal(await main(["node", "dredge", "--help"], s), 0);
    assert.equal(out, whole.helpInformation());
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
