/**
 * The amazon, oracle and mariner feeds over HTTP, in their upstream URL layouts, from a loopback server
 * serving the real samples: Amazon's mirror.list → repomd.xml → updateinfo.xml.gz, Oracle's per-release
 * bzip2 OVAL, Microsoft's OVAL files.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { feedsDir } from "../../../test/helpers/feed-server.js";
import { serveLoopback, type LoopbackServer } from "../../../test/helpers/loopback.js";
import { memoryLogger } from "../../util/log.js";
import { findSource } from "./registry.js";
import type { RawRecord } from "./types.js";

let server: LoopbackServer;
const files: Record<string, () => Buffer | string> = {
  "/amazon/mirror.list": () => `${server.url}/amazon/repo\n`,
  "/amazon/repo/repodata/repomd.xml": () => readFileSync(join(feedsDir, "amazon/updateinfo/repomd_valid.xml")),
  "/amazon/repo/repodata/updateinfo.xml.gz": () => readFileSync(join(feedsDir, "amazon/updateinfo/updateinfo_2.xml.gz")),
  "/oracle/com.oracle.elsa-ol8.xml.bz2": () => readFileSync(join(feedsDir, "oracle/oval-fixtures/com.oracle.elsa-all.xml.bz2")),
  "/mariner/azurelinux-3.0-oval.xml": () => readFileSync(join(feedsDir, "azure-linux/azurelinux-3.0-oval.xml")),
};

before(async () => {
  server = await serveLoopback((u) => {
    const f = files[u.pathname];
    return f ? { body: f(), type: "application/octet-stream" } : undefined;
  });
});
after(() => server.close());

async function fetchAll(name: string, location: string, selector?: string): Promise<{ records: RawRecord[]; warnings: string[] }> {
  const logger = memoryLogger();
  const records: RawRecord[] = [];
  const feed = findSource(name)!;
  for await (const r of feed.fetch({ location, local: false, logger, tmpDir: "/nonexistent", setLastUpdate() {}, ...(selector ? { selector } : {}) })) records.push(r);
  return { records, warnings: logger.records.filter((r) => r.level === "warn").map((r) => `${r.msg} ${JSON.stringify(r.fields)}`) };
}

describe("rpm distro feeds over HTTP", () => {
  it("amazon: mirror.list → repomd.xml → updateinfo.xml.gz; the release is the selector's", async () => {
    const { records } = await fetchAll("amazon", `${server.url}/amazon/mirror.list`, "2");
    assert.deepEqual(records.map((r) => r.id), ["ALAS2-2018-939"]);
    const out = findSource("amazon")!.transform(records[0]!, { logger: memoryLogger() });
    assert.deepEqual([...new Set(out.affected.map((a) => a.namespace))], ["amazon:2"]);
    assert.deepEqual(server.requests.filter((r) => r.startsWith("/amazon/")), ["/amazon/mirror.list", "/amazon/repo/repodata/repomd.xml", "/amazon/repo/repodata/updateinfo.xml.gz"]);
  });

  it("oracle: the per-release bzip2 files; a release missing upstream is a warning", async () => {
    const { records, warnings } = await fetchAll("oracle", `${server.url}/oracle`);
    assert.equal(records.length, 2);
    assert.equal(warnings.length, 2, warnings.join("\n"));
    const one = await fetchAll("oracle", `${server.url}/oracle`, "8");
    assert.equal(one.records.length, 2);
    assert.deepEqual(one.warnings, []);
  });

  it("mariner: the release files by name; `mariner:azurelinux:3.0` fetches one", async () => {
    const { records } = await fetchAll("mariner", `${server.url}/mariner`, "azurelinux:3.0");
    assert.equal(records.length, 1222);
    assert.ok(records.every((r) => !r.error));
  });
});
