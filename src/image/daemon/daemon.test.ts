import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { sharedDir, testImages } from "../../../test/helpers/images.js";
import { drainLayers, resolveAll } from "../archive/testing.js";
import { openDockerArchive } from "../archive/source.js";
import { engineSocket } from "./engine.js";
import { daemonSource } from "./source.js";

describe("engine source", () => {
  const images = testImages();
  let tmp: string;
  let work: string;
  let pid = 0;
  let dockerHost = "";
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "dredge-engine-"));
    work = mkdtempSync(join(tmp, "work-"));
    const out = execFileSync("bash", [join(sharedDir, "tools/start-test-engine.sh"), join(tmp, "engine.sock"), images.dockerArchive], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    pid = Number(/ENGINE_PID=(\d+)/.exec(out)?.[1]);
    dockerHost = /DOCKER_HOST=(\S+)/.exec(out)?.[1] ?? "";
  });
  after(() => {
    if (pid > 0) process.kill(pid);
    rmSync(tmp, { recursive: true, force: true });
  });

  it("resolves scanner-test/bookworm:latest through the Engine API, like the archive it was loaded from", async () => {
    const source = daemonSource("scanner-test/bookworm:latest", { tmpDir: work, dockerHost });
    const [image] = await resolveAll(source);
    const m = image!.metadata;
    assert.equal(m.source, "daemon");
    assert.equal(m.name, "scanner-test/bookworm:latest");
    assert.ok(m.repoTags.some((t) => t.endsWith("scanner-test/bookworm:latest")), m.repoTags.join());
    assert.ok(m.repoDigests.length > 0 && m.repoDigests.every((d) => /@sha256:[a-f0-9]{64}$/.test(d)));
    const archive = await openDockerArchive(images.dockerArchive, { tmpDir: work });
    const [expected] = await resolveAll(archive);
    assert.equal(m.configDigest, expected!.metadata.configDigest);
    assert.deepEqual(m.layers.map((l) => [l.diffId, l.createdBy]), expected!.metadata.layers.map((l) => [l.diffId, l.createdBy]));
    assert.deepEqual(await drainLayers(image!), m.layers.map((l) => l.size));
    assert.equal(readdirSync(work).length, 1, "the export is in a temp dir");
    await source.close();
    await archive.close();
    assert.deepEqual(readdirSync(work), []);
  });

  it("says an image is not in the engine, naming the socket", async () => {
    const source = daemonSource("scanner-test/absent:1", { tmpDir: work, dockerHost });
    await assert.rejects(resolveAll(source), (err) => {
      assert.ok(isDredgeError(err, "IMAGE_NOT_FOUND"));
      assert.match(err.message, /scanner-test\/absent:1 not found in the engine at .*engine\.sock/);
      return true;
    });
    await source.close();
    assert.deepEqual(readdirSync(work), []);
  });

  it("gives ENGINE_ERROR with a hint when the socket is missing, and rejects tcp:// for now", async () => {
    const source = daemonSource("alpine", { tmpDir: work, dockerHost: `unix://${join(tmp, "nothing.sock")}` });
    await assert.rejects(resolveAll(source), (err) => isDredgeError(err, "ENGINE_ERROR") && /nothing\.sock/.test(err.message) && /DOCKER_HOST/.test(err.hint ?? ""));
    assert.throws(() => engineSocket("tcp://127.0.0.1:2375"), (err) => isDredgeError(err, "USAGE") && /tcp:\/\//.test(err.message));
    assert.equal(engineSocket(undefined), "/var/run/docker.sock");
    assert.equal(engineSocket("unix:///run/podman.sock"), "/run/podman.sock");
  });
});
