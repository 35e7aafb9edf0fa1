/**
 * An image whose dpkg info lists pass the per-layer analysis budget (issue #22 items 7 and 11): the CLI says
 * so on stderr whatever the format, every report carries it, the exit code stays 0.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport } from "../../src/model/finding.js";
import { runCli } from "../helpers/cli.js";
import { debianOsRelease, dpkgStatus } from "../helpers/dpkg-rootfs.js";
import { writeOciArchive } from "../helpers/oci-writer.js";

const tmp = mkdtempSync(join(tmpdir(), "dredge-incomplete-"));
const image = join(tmp, "image.oci.tar");
const budget = ["--max-layer-analyzed-bytes", "300K", "--cache-dir", join(tmp, "cache")];

before(async () => {
  const lists = Array.from({ length: 8 }, (_, i) => ({ path: `var/lib/dpkg/info/p${i}.list`, content: Buffer.alloc(100 * 1024, `/usr/share/p${i}/f\n`) }));
  await writeOciArchive(image, {
    layers: [{ entries: [{ path: "etc/os-release", content: debianOsRelease }, { path: "var/lib/dpkg/status", content: dpkgStatus(3) }, ...lists], createdBy: "COPY rootfs /" }],
  });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const warned = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("warning: Inventory incomplete:"));

describe("an inventory left incomplete by the layer budget", () => {
  it("default table: the warning on stderr and in the table, exit code 0", async () => {
    const r = await runCli(["image", image, "--scanners", "secret", ...budget]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(warned(r.stderr), ["warning: Inventory incomplete: 6 files that package analyzers wanted were not read, so packages may be missing"]);
    assert.match(r.stderr, /warning: layer 1 \(sha256:[0-9a-f]{12}\): 6 files not analysed, past the layer's 307200 bytes analysis budget .*\/var\/lib\/dpkg\/info\/p2\.list/);
    assert.match(r.stdout, /WARN Inventory incomplete: 6 files/);
  });

  it("json: inventoryIncomplete with the reasons; stderr says it too", async () => {
    const out = join(tmp, "report.json");
    const r = await runCli(["image", image, "--scanners", "secret", "--format", `json=${out}`, ...budget]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(warned(r.stderr).length, 1);
    const report = JSON.parse(readFileSync(out, "utf8")) as ScanReport;
    assert.equal(report.inventoryIncomplete, true);
    assert.deepEqual(report.incompleteReasons?.map((g) => [g.kind, g.layer?.index, g.files, g.limit]), [["layer-budget", 0, 6, 300 * 1024]]);
  });

  it("dredge sbom: CycloneDX metadata property and the stderr warning", async () => {
    const r = await runCli(["sbom", image, ...budget]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(warned(r.stderr).length, 1);
    const bom = JSON.parse(r.stdout) as { metadata: { properties?: { name: string; value: string }[] }; components: unknown[] };
    assert.deepEqual(bom.metadata.properties?.[0], { name: "dredge:inventory:incomplete", value: "true" });
    assert.equal(bom.components.length, 4); // the OS and the 3 packages of the status file
  });

  it("with the default budget nothing is skipped", async () => {
    const r = await runCli(["image", image, "--scanners", "secret", "--cache-dir", join(tmp, "cache")]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(warned(r.stderr), []);
    assert.doesNotMatch(r.stdout, /Inventory incomplete/);
  });
});
