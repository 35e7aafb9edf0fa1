/** Dredge's own SBOMs read back: packages, OS and the `dredge:` properties survive. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testImages } from "../../test/helpers/images.js";
import type { Inventory } from "../model/inventory.js";
import type { OSInfo, Package } from "../model/package.js";
import { debPurl, rpmPurl } from "../purl/index.js";
import { cyclonedxSbom } from "../report/cyclonedx/sbom.js";
import { spdxSbom } from "../report/spdx-json/sbom.js";
import { silentLogger } from "../util/log.js";
import { readSbom } from "./index.js";

const layer = { index: 1, diffId: "sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a" };

/** Real packages of the bookworm test image (expected.json), plus real maven packages with licences. */
function debianInventory(): Inventory {
  const e = testImages().expected.bookworm;
  const os: OSInfo = { family: "debian", name: e.os.version, codename: e.os.codename };
  const debs = e.dpkg.filter((d, i) => i < 4 || d.source !== d.name).slice(0, 8);
  const packages: Package[] = debs.map((d) => {
    const p: Package = { type: "deb", name: d.name, version: d.version, arch: d.arch, source: { name: d.source, version: d.sourceVersion }, purl: "", locations: [{ path: "/var/lib/dpkg/status", layer }], layer };
    p.purl = debPurl(p, os);
    return p;
  });
  for (const n of e.npm) packages.push({ type: "npm", name: n.name, version: n.version, purl: `pkg:npm/${n.name}@${n.version}`, locations: [{ path: n.path }], licenses: ["MIT"] });
  for (const y of e.python) packages.push({ type: "pypi", name: y.name, version: y.version, purl: `pkg:pypi/${y.name}@${y.version}`, locations: [{ path: y.path }], licenses: ["Apache-2.0", "Custom Vendor Licence"] });
  packages.push({ type: "maven", name: "org.ow2.asm:asm", version: "9.5", purl: "pkg:maven/org.ow2.asm/asm@9.5", locations: [], licenses: ["GPL-2.0-or-later OR MIT"] });
  return { target: { name: "docker.io/library/debian:12", source: "docker-archive", repoTags: ["docker.io/library/debian:12"], repoDigests: [], manifestDigest: "sha256:" + "ab".repeat(32) }, os, packages, layers: [{ index: 0, diffId: "sha256:" + "cd".repeat(32) }, layer], warnings: [] };
}

function rockyInventory(): Inventory {
  const e = testImages().expected["rocky9-rpm"];
  const os: OSInfo = { family: "rocky", name: e.os.version };
  const packages = e.rpm.map((r, i) => {
    const dash = r.version.lastIndexOf("-");
    const p: Package = { type: "rpm", name: r.name, version: r.version.slice(0, dash), release: r.version.slice(dash + 1), arch: r.arch, purl: "", locations: [{ path: "/var/lib/rpm/rpmdb.sqlite" }], source: { name: r.name, version: r.version.slice(0, dash) } };
    if (i === 1) {
      // as the rpm analyzer does: the source package carries the package's epoch
      p.epoch = 1;
      p.source = { ...p.source!, epoch: 1 };
    }
    p.purl = rpmPurl(p, os);
    return p;
  });
  return { target: { name: "rocky9-rpm.docker-archive.tar", source: "docker-archive", repoTags: [], repoDigests: [], imageId: "sha256:" + "ef".repeat(32) }, os, packages, layers: [], warnings: [] };
}

const view = (p: Package) => ({ type: p.type, name: p.name, version: p.version, epoch: p.epoch, release: p.release, arch: p.arch, purl: p.purl, source: p.source, licenses: p.licenses, paths: p.locations.map((l) => l.path), layer: p.layer });

async function roundTrip(inv: Inventory, format: "cyclonedx" | "spdx"): Promise<Inventory> {
  const dir = mkdtempSync(join(tmpdir(), "dredge-sbom-rt-"));
  try {
    const doc = (format === "cyclonedx" ? cyclonedxSbom : spdxSbom)(inv, { name: "dredge", version: "0.1.0" });
    const path = join(dir, `sbom.${format}.json`);
    writeFileSync(path, JSON.stringify(doc));
    return await readSbom(path, { logger: silentLogger });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("round trip through Dredge's own SBOM writers", () => {
  for (const format of ["cyclonedx", "spdx"] as const) {
    for (const [label, make] of [["debian", debianInventory], ["rocky rpm", rockyInventory]] as const) {
      it(`${format}: ${label}`, async () => {
        const inv = make();
        assert.ok(inv.packages.length >= 2);
        const back = await roundTrip(inv, format);
        assert.deepEqual(back.packages.map(view), inv.packages.map(view));
        assert.deepEqual(back.os, { family: inv.os!.family, name: inv.os!.name });
        assert.equal(back.target.name, inv.target.name);
        assert.equal(back.target.source, "sbom");
        assert.deepEqual(back.warnings, []);
        if (format === "cyclonedx") {
          assert.deepEqual(back.target.repoTags, inv.target.repoTags);
          assert.equal(back.target.imageId, inv.target.imageId);
          assert.deepEqual(back.layers.map((l) => l.diffId).sort(), inv.layers.map((l) => l.diffId).sort());
        }
        // Dredge's SPDX has one digest (manifest digest, else image ID) and does not say which: read as manifestDigest.
        if (format === "cyclonedx") assert.equal(back.target.manifestDigest, inv.target.manifestDigest);
        else assert.equal(back.target.manifestDigest, inv.target.manifestDigest ?? inv.target.imageId);
      });
    }
  }
});
