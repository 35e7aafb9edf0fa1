import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startServer, type TestServer } from "../../../test/helpers/registry-proxy.js";
import { silentLogger } from "../../util/log.js";
import { RegistryClient } from "./client.js";
import { nextPage } from "./tags.js";

describe("registry tag list", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x");
      if (u.pathname === "/v2/lib/app/tags/list" && !u.searchParams.get("last")) {
        res.writeHead(200, { "content-type": "application/json", link: '</v2/lib/app/tags/list?n=2&last=b>; rel="next"' });
        res.end(JSON.stringify({ name: "lib/app", tags: ["a", "b"] }));
      } else if (u.pathname === "/v2/lib/app/tags/list") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: "lib/app", tags: ["c"] }));
      } else if (u.pathname === "/v2/lib/empty/tags/list") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: "lib/empty", tags: null }));
      } else res.writeHead(404).end();
    });
  });
  after(() => server.close());

  it("follows Link rel=next pages, bounded by maxPages; a repository without tags has none", async () => {
    const client = new RegistryClient({ registry: server.host, logger: silentLogger, retries: 0 });
    try {
      assert.deepEqual(await client.listTags("lib/app"), ["a", "b", "c"]);
      assert.deepEqual(await client.listTags("lib/app", { maxPages: 1 }), ["a", "b"]);
      assert.deepEqual(await client.listTags("lib/empty"), []);
      await assert.rejects(client.listTags("lib/missing"), /HTTP 404/);
    } finally {
      await client.close();
    }
  });

  it("follows a next link only on the same origin", () => {
    assert.equal(nextPage('</v2/r/tags/list?last=x>; rel="next"', "http://h:1/v2/r/tags/list?n=5"), "http://h:1/v2/r/tags/list?last=x");
    assert.equal(nextPage('<http://elsewhere/v2/r/tags/list>; rel="next"', "http://h:1/v2/r/tags/list"), undefined);
    assert.equal(nextPage(null, "http://h:1/"), undefined);
  });
});
