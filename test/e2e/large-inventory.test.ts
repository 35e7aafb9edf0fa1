/** The CLI on a generated root filesystem whose dpkg database lists 200,000 packages (issue #22 item 4). */
import assert from "node:assert/strict";
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { writeDebianRootfs } from "../helpers/dpkg-rootfs.js";

const N = 200_000;
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "dredge-large-"));
  writeDebianRootfs(join(dir, "rootfs"), N);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function countLines(file: string, re: RegExp): Promise<number> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) if (re.test(line)) n++;
  return n;
}

describe("dredge sbom with 200,000 packages", () => {
  it("writes every package, no stack overflow", { timeout: 300_000 }, async () => {
    const out = join(dir, "bom.cdx.json");
    const r = await runCli(["sbom", `rootfs:${join(dir, "rootfs")}`, "-o", out, "--cache-dir", join(dir, "cache")]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await countLines(out, /^\s*"purl": "pkg:deb\/debian\/p\d+@/), N);
  });
});
