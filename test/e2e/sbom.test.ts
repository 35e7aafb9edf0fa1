import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";

type Cdx = {
  metadata: { component: { purl?: string; name: string } };
  components: { name: string; version: string; purl: string; type: string; properties?: { name: string; value: string }[] }[];
};

const img = testImages();
const exp = img.expected.bookworm;
let cacheDir: string;
let registry: TestRegistry;
before(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), "dredge-sbom-"));
  registry = await startRegistry();
  await pushImage(registry.host, `oci:${img.oci}:bookworm`, "test/bookworm:latest");
});
after(async () => {
  await registry?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

async function sbom(target: string, format = "cyclonedx", ...extra: string[]): Promise<unknown> {
  const r = await runCli(["sbom", target, "--format", format, "--cache-dir", cacheDir, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as unknown;
}

const prop = (c: Cdx["components"][number], name: string) => c.properties?.find((p) => p.name === name)?.value;
const key = (c: { name: string; version: string }) => `${c.name}@${c.version}`;

describe("dredge sbom: the bookworm image inventory", () => {
  const cdxValidate = schemaValidator("cyclonedx");
  let reference: string[] | undefined;
  const forms = () => ({
    registry: `${registry.host}/test/bookworm:latest`,
    "docker-archive": img.dockerArchive,
    "docker save >= 25": img.dockerSaveV25,
    "oci layout": `oci:${img.oci}:bookworm`,
    "oci archive": img.ociArchive,
    rootfs: `rootfs:${img.rootfs}`,
  });
  for (const name of ["oci archive", "registry", "docker-archive", "docker save >= 25", "oci layout", "rootfs"]) {
    it(`${name}: valid CycloneDX 1.6, exact dpkg list, nothing deleted or hidden, layers right`, async () => {
      const doc = (await sbom(forms()[name as keyof ReturnType<typeof forms>])) as Cdx;
      assert.deepEqual(schemaErrors(cdxValidate, doc), []);
      const debs = doc.components.filter((c) => (c.purl ?? "").startsWith("pkg:deb/"));
      const want = exp.dpkg.map((p) => `${p.name}@${p.version}`).sort();
      assert.deepEqual(debs.map(key).sort(), want);
      for (const p of exp.dpkg) {
        const c = debs.find((d) => d.name === p.name)!;
        assert.equal(prop(c, "dredge:package:source:name"), p.source, p.name);
        assert.equal(prop(c, "dredge:package:source:version"), p.sourceVersion, p.name);
        assert.match(c.purl, /distro=debian-12/);
      }
      const all = doc.components.map(key);
      for (const n of exp.npm) assert.ok(all.includes(`${n.name}@${n.version}`), `npm ${n.name}`);
      for (const py of exp.python) assert.ok(all.includes(`${py.name}@${py.version}`), `pypi ${py.name}`);
      for (const owned of exp.pythonOwnedByDpkg) {
        assert.ok(!doc.components.some((c) => (c.purl ?? "").startsWith("pkg:pypi/") && c.name.toLowerCase() === owned.name.toLowerCase()), `${owned.name} is part of ${owned.ownedBy}`);
      }
      for (const gone of exp.absent) {
        assert.ok(!doc.components.some((c) => c.name === gone.name && (gone.version === "*" || c.version === gone.version)), `${gone.name}: ${gone.why}`);
      }
      if (name !== "rootfs") {
        const layerOf = (n: string) => prop(doc.components.find((c) => c.name === n)!, "dredge:layer:index");
        assert.equal(layerOf("libc6"), "0");
        assert.equal(layerOf("libcurl4"), "1", "installed with curl in layer 2");
        assert.equal(layerOf("lodash"), "1");
        assert.equal(layerOf("requests"), "1");
        assert.equal(layerOf("legacy-tool"), "3");
        assert.match(prop(doc.components.find((c) => c.name === "libcurl4")!, "dredge:layer:createdBy") ?? "", /apt-get install curl/);
        assert.match(doc.metadata.component.purl ?? "", /^pkg:oci\//);
      }
      const pkgs = doc.components.filter((c) => c.type === "library").map(key).sort();
      reference ??= pkgs;
      assert.deepEqual(pkgs, reference, "the same inventory from every source form");
    });
  }

  it("SPDX 2.3 JSON validates and lists the same packages", async () => {
    const doc = (await sbom(img.ociArchive, "spdx-json")) as { packages: { name: string; versionInfo?: string; primaryPackagePurpose?: string }[] };
    assert.deepEqual(schemaErrors(schemaValidator("spdx"), doc), []);
    const libs = doc.packages.filter((p) => p.primaryPackagePurpose === "LIBRARY").map((p) => `${p.name}@${p.versionInfo}`).sort();
    assert.deepEqual(libs, reference);
  });

  it("the rpm image: packages as rpm -qa printed them, OS rocky 9.0", async () => {
    const doc = (await sbom(img.rpmDockerArchive)) as Cdx;
    assert.deepEqual(schemaErrors(cdxValidate, doc), []);
    const os = doc.components.find((c) => c.type === "operating-system");
    assert.equal(os?.name, "rocky");
    assert.equal(os?.version, "9.0");
    const rpms = doc.components.filter((c) => (c.purl ?? "").startsWith("pkg:rpm/"));
    const want = img.expected["rocky9-rpm"].rpm.map((p) => `${p.name}@${p.version}`).sort();
    assert.deepEqual(rpms.map(key).sort(), want);
    assert.ok(rpms.every((c) => /arch=x86_64/.test(c.purl) && /distro=rocky-9\.0/.test(c.purl)), rpms.map((c) => c.purl).join());
  });

  it("the arm64 image of the multi-platform index", async () => {
    const doc = (await sbom(img.multiOciArchive, "cyclonedx", "--platform", "linux/arm64")) as Cdx;
    const debs = doc.components.filter((c) => (c.purl ?? "").startsWith("pkg:deb/"));
    assert.equal(debs.length, img.expected["bookworm-arm64"].dpkgCount);
    assert.ok(debs.some((c) => /arch=arm64/.test(c.purl)));
  });

  // --platform all (one document holding every platform): test/e2e/multi-platform.test.ts
});
