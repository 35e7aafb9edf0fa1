import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryLogger } from "../util/log.js";
import { feedsDir } from "../../test/helpers/feed-server.js";
import { buildDatabase } from "./build.js";
import { openAdvisoryStore } from "./store.js";
import { DB_ARTIFACT_TYPE, extractFromLayout, extractShard, selectLayers, writeArtifactLayout } from "./artifact.js";
import { isDredgeError } from "../errors.js";

describe("database artifact (shards)", () => {
  it("splits into per-family shards; an Alpine-only client pulls common + alpine and sees the same rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-db-artifact-"));
    try {
      const db = join(dir, "db");
      await buildDatabase({
        output: db,
        logger: memoryLogger(),
        sources: [
          { name: "osv", location: join(feedsDir, "osv-ghsa-subset") },
          { name: "alpine", location: join(feedsDir, "alpine-secdb/json") },
          { name: "kev", location: join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json") },
        ],
      });
      const layout = join(dir, "layout");
      mkdirSync(layout);
      const manifest = await writeArtifactLayout(db, layout, "2026-11-27T00:00:00Z");
      assert.equal(manifest.artifactType, DB_ARTIFACT_TYPE);
      const groups = manifest.layers.map((l) => l.annotations?.["dev.dredge.db.shard"]);
      assert.deepEqual(groups, ["common", "alpine", "github-actions", "maven", "npm", "nuget", "packagist", "rubygems"]);
      assert.match(manifest.layers[1]?.annotations?.["dev.dredge.db.namespaces"] ?? "", /^alpine:3\.10,alpine:3\.11,/);
      assert.deepEqual(selectLayers(manifest, ["alpine:3.10"]).map((l) => l.annotations?.["dev.dredge.db.shard"]), ["common", "alpine"]);

      const files = await extractFromLayout(layout, ["alpine:3.10"], join(dir, "pulled"));
      const part = openAdvisoryStore(files);
      const full = openAdvisoryStore(db);
      assert.deepEqual(part.lookup("alpine:3.10", "openssl"), full.lookup("alpine:3.10", "openssl"));
      assert.ok(part.lookup("alpine:3.10", "openssl").length > 0);
      assert.deepEqual(part.lookup("npm", "lodash"), []);
      assert.ok(full.lookup("npm", "lodash").length > 0);
      assert.equal(part.kev("CVE-2025-48384")?.product, "Git");
      assert.deepEqual(part.metadata().sources, full.metadata().sources);
      part.close();
      full.close();

      const layer = manifest.layers[1];
      assert.ok(layer);
      const blob = readFileSync(join(layout, "blobs/sha256", layer.digest.slice(7)));
      blob.writeUInt8((blob.readUInt8(blob.length - 1) ^ 1) & 0xff, blob.length - 1);
      await assert.rejects(extractShard(layer, blob, dir), (e) => isDredgeError(e, "DIGEST_MISMATCH"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
