/** CentOS Stream 8/9 are matched against Red Hat's data for their RHEL major; CentOS 7 is past its end of life. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { feedsDir } from "../../../test/helpers/feed-server.js";
import { detectOS } from "../../analyzer/os/detect.js";
import { buildDatabase } from "../../db/build.js";
import { openAdvisoryStore } from "../../db/store.js";
import { matchInventory } from "../../scan/match.js";
import { memoryLogger } from "../../util/log.js";
import type { OSInfo } from "../../model/package.js";

const now = new Date("2026-11-27T12:00:00Z");
const osRelease = (name: string, version: string) =>
  new Map([["/etc/os-release", Buffer.from(`NAME="${name}"\nVERSION="${version}"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="${version}"\nPRETTY_NAME="${name} ${version}"\n`)]]);

describe("CentOS", () => {
  it("CentOS Stream 8 and 9 have their own end of life; CentOS Linux 7 is past its end", () => {
    assert.deepEqual(pick(detectOS(osRelease("CentOS Stream", "8"), { now })), { family: "centos", name: "8", eol: true, eolDate: "2024-05-31" });
    assert.deepEqual(pick(detectOS(osRelease("CentOS Stream", "9"), { now })), { family: "centos", name: "9", eol: false, eolDate: "2027-05-31" });
    assert.deepEqual(pick(detectOS(osRelease("CentOS Linux", "7"), { now })), { family: "centos", name: "7", eol: true, eolDate: "2024-06-30" });
  });

  it("CentOS Stream 9 is matched against Red Hat's CSAF for RHEL 9", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-centos-"));
    try {
      await buildDatabase({ output: join(dir, "db"), logger: memoryLogger(), sources: [{ name: "redhat", location: join(feedsDir, "format-samples/rhel/csaf/advisories") }] });
      const store = openAdvisoryStore(join(dir, "db"));
      try {
        const scan = (os: OSInfo) => matchInventory({
          target: { name: "t", source: "rootfs", repoTags: [], repoDigests: [] }, os, layers: [], warnings: [],
          packages: [{ type: "rpm", name: "python3.9", version: "3.9.18", release: "1.el9", vendor: "CentOS", purl: "pkg:rpm/centos/python3.9@3.9.18-1.el9", locations: [{ path: "/var/lib/rpm" }] }],
        }, store, () => {}).map((f) => `${f.id} ${f.fixedVersions.join(",")} ${f.dataSource?.id}`);
        assert.deepEqual(scan({ family: "centos", name: "9" }), ["CVE-2024-8088 3.9.18-3.el9_4.5,3.9.19-8.el9 redhat"]);
        assert.deepEqual(scan({ family: "centos", name: "8" }), []);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function pick(os: OSInfo | undefined) {
  return os ? { family: os.family, name: os.name, eol: os.eol, eolDate: os.eolDate } : undefined;
}
