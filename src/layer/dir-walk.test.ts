import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, linkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDredgeError } from "../errors.js";
import { memoryLogger } from "../util/log.js";
import { walkDirectory, type DirWalkOptions } from "./dir-walk.js";

async function collect(root: string, options: Partial<DirWalkOptions> = {}): Promise<{ lines: string[]; contents: Map<string, string> }> {
  const lines: string[] = [];
  const contents = new Map<string, string>();
  for await (const ev of walkDirectory(root, { logger: memoryLogger(), ...options })) {
    if (ev.kind !== "entry") continue;
    const i = ev.info;
    lines.push(`${i.type} ${i.path}${i.linkname ? ` -> ${i.linkname}` : ""}${i.type === "file" ? ` ${i.size}` : ""}`);
    if (ev.content && i.path.endsWith(".txt")) {
      const parts: Buffer[] = [];
      for await (const c of ev.content) parts.push(c as Buffer);
      contents.set(i.path, Buffer.concat(parts).toString());
    }
  }
  return { lines, contents };
}

describe("walkDirectory", () => {
  let root: string;
  let outside: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "dredge-dirwalk-"));
    outside = mkdtempSync(join(tmpdir(), "dredge-dirwalk-outside-"));
    writeFileSync(join(outside, "secret.txt"), "outside");
    mkdirSync(join(root, "etc/app"), { recursive: true });
    writeFileSync(join(root, "etc/app/conf.txt"), "hello");
    linkSync(join(root, "etc/app/conf.txt"), join(root, "etc/app/hard.txt"));
    symlinkSync(outside, join(root, "out"));
    symlinkSync("../etc", join(root, "etc/up"));
    mkdirSync(join(root, "node_modules/x"), { recursive: true });
    writeFileSync(join(root, "node_modules/x/index.js"), "x");
    execFileSync("mkfifo", [join(root, "fifo")]);
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("yields every entry with absolute paths, never following symlinks", async () => {
    const { lines, contents } = await collect(root);
    assert.deepEqual(lines.sort(), [
      "dir /etc",
      "dir /etc/app",
      "file /etc/app/conf.txt 5",
      "file /etc/app/hard.txt 5",
      "symlink /etc/up -> ../etc",
      "fifo /fifo",
      "dir /node_modules",
      "dir /node_modules/x",
      "file /node_modules/x/index.js 1",
      `symlink /out -> ${outside}`,
    ].sort());
    assert.equal(contents.get("/etc/app/conf.txt"), "hello");
    assert.equal(contents.has("/out/secret.txt"), false);
  });

  it("skips what the skip callback names, with its subtree", async () => {
    const { lines } = await collect(root, { skip: (p) => p === "/node_modules" });
    assert.ok(!lines.some((l) => l.includes("node_modules")));
    assert.ok(lines.includes("dir /etc"));
  });

  it("enforces the entry limit", async () => {
    await assert.rejects(collect(root, { limits: { maxEntries: 3, maxLayerBytes: 1e9 } }), (e) => isDredgeError(e, "LIMIT_EXCEEDED"));
  });

  it("fails with IO_ERROR naming a root that is not a directory", async () => {
    await assert.rejects(collect(join(root, "etc/app/conf.txt")), (e) => isDredgeError(e, "IO_ERROR") && e.message.includes("conf.txt"));
  });

  it("does not descend into /proc, /sys or /dev when walking /", async () => {
    const seen: string[] = [];
    for await (const ev of walkDirectory("/", { logger: memoryLogger(), skip: (p) => !/^\/(proc|sys|dev)(\/|$)/.test(p) && p !== "/" })) {
      if (ev.kind === "entry") seen.push(ev.info.path);
    }
    assert.ok(seen.includes("/proc") && seen.includes("/dev"));
    assert.deepEqual(seen.filter((p) => /^\/(proc|sys|dev)\//.test(p)), []);
  });
});

describe("walkDirectory: a file gone between listing and reading", () => {
  it("its content fails with IO_ERROR naming it, small or large", async () => {
    const root = mkdtempSync(join(tmpdir(), "dredge-dirwalk-gone-"));
    try {
      writeFileSync(join(root, "small.txt"), "x");
      writeFileSync(join(root, "large.bin"), Buffer.alloc(5 * 1024 * 1024));
      for await (const ev of walkDirectory(root, { logger: memoryLogger() })) {
        if (ev.kind !== "entry" || ev.info.type !== "file") continue;
        rmSync(join(root, ev.info.path));
        const read = async () => {
          for await (const chunk of ev.content!) void chunk;
        };
        await assert.rejects(read(), (e) => isDredgeError(e) && e.code === "IO_ERROR" && e.message.includes(ev.info.path), ev.info.path);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
