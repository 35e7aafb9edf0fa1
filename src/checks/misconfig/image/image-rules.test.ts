import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { HistoryEntry, ImageMetadata } from "../../../model/image.js";
import { buildArgs, historyInstructions, parseCreatedBy } from "./history.js";
import { imageTag } from "./rules-config.js";
import { scanImageMisconfig } from "./index.js";

const meta = (config: Partial<ImageMetadata["config"]>, annotations: Record<string, string> = {}): ImageMetadata => ({
  source: "oci-layout", name: "t", repoTags: [], repoDigests: [], configDigest: "sha256:c", platform: { os: "linux", architecture: "amd64" },
  annotations, rawConfig: {}, layers: [{ index: 0, diffId: "sha256:0" }, { index: 1, diffId: "sha256:1" }],
  config: { architecture: "amd64", os: "linux", env: [], exposedPorts: [], volumes: [], labels: {}, diffIds: [], history: [], user: "app", healthcheck: { test: ["CMD", "true"] }, ...config },
});
const ids = (m: ImageMetadata) => scanImageMisconfig({ metadata: m, files: [] }).map((f) => f.id);

describe("image history", () => {
  it("classic, BuildKit and build-arg forms", () => {
    assert.deepEqual(parseCreatedBy("/bin/sh -c #(nop)  USER root"), { keyword: "USER", args: "root" });
    assert.deepEqual(parseCreatedBy("/bin/sh -c apt-get update"), { keyword: "RUN", args: "apt-get update" });
    assert.deepEqual(parseCreatedBy("|2 A=1 B=2 /bin/sh -c make"), { keyword: "RUN", args: "make" });
    assert.deepEqual(parseCreatedBy("RUN /bin/sh -c curl -s https://x | sh # buildkit"), { keyword: "RUN", args: "curl -s https://x | sh" });
    assert.deepEqual(parseCreatedBy("EXPOSE map[22/tcp:{}]"), { keyword: "EXPOSE", args: "map[22/tcp:{}]" });
    assert.deepEqual(buildArgs("RUN |2 API_TOKEN=abc123456 X=1 /bin/sh -c make # buildkit"), [["API_TOKEN", "abc123456"], ["X", "1"]]);
    const h: HistoryEntry[] = [{ createdBy: "ADD rootfs.tar /", emptyLayer: false }, { createdBy: "CMD [\"sh\"]", emptyLayer: true }, { createdBy: "RUN /bin/sh -c x", emptyLayer: false }];
    assert.deepEqual(historyInstructions(h).map((i) => [i.keyword, i.layerIndex]), [["ADD", 0], ["CMD", undefined], ["RUN", 1]]);
  });

  it("remote ADD and curl | sh are reported with the layer they made", () => {
    const m = meta({ history: [{ createdBy: "ADD https://example.com/x.tgz /opt # buildkit", emptyLayer: false }, { createdBy: "RUN /bin/sh -c wget -qO- https://get.example | bash # buildkit", emptyLayer: false }] });
    const f = scanImageMisconfig({ metadata: m, files: [] });
    assert.deepEqual(f.map((x) => [x.id, x.location?.layer?.index]), [["DRG-IMG-003", 0], ["DRG-IMG-004", 1]]);
  });

  it("secrets by name in ENV, labels, ARG and build args; not file paths or references", () => {
    const m = meta({
      env: ["DB_PASSWORD=hunter2hunter2", "PASSWORD_FILE=/run/secrets/db", "API_TOKEN=${TOKEN}", "PATH=/usr/bin"],
      labels: { "com.example.api-key": "k-123456789" },
      history: [{ createdBy: "ARG GITHUB_TOKEN=ghp_abcdef", emptyLayer: true }, { createdBy: "|1 NPM_TOKEN=npm_abcdefgh /bin/sh -c npm ci", emptyLayer: false }],
    });
    assert.deepEqual(scanImageMisconfig({ metadata: m, files: [] }).map((f) => f.message.replace(/ holds.*/, "")), [
      "ENV DB_PASSWORD", "Label com.example.api-key", "Build argument GITHUB_TOKEN", "Build argument NPM_TOKEN",
    ]);
  });
});

describe("image config rules", () => {
  it("user root/0, base image tags, healthcheck NONE, port ranges", () => {
    assert.deepEqual(ids(meta({ user: "0:0" })), ["DRG-IMG-001"]);
    assert.deepEqual(ids(meta({ user: "root" })), ["DRG-IMG-001"]);
    assert.deepEqual(ids(meta({}, { "org.opencontainers.image.base.name": "docker.io/library/debian" })), ["DRG-IMG-002"]);
    assert.deepEqual(ids(meta({}, { "org.opencontainers.image.base.name": "localhost:5000/debian:latest" })), ["DRG-IMG-002"]);
    assert.deepEqual(ids(meta({}, { "org.opencontainers.image.base.name": "debian:12" })), ["DRG-IMG-014"]);
    assert.deepEqual(ids(meta({ healthcheck: { test: ["NONE"] } })), ["DRG-IMG-010"]);
    assert.deepEqual(ids(meta({ exposedPorts: ["2370-2380/tcp", "8080/tcp"] })), ["DRG-IMG-008", "DRG-IMG-008"]);
    assert.equal(imageTag("host:5000/a/b"), undefined);
    assert.equal(imageTag("host:5000/a/b:1.2@sha256:x"), "1.2");
  });

  it("file rules: caches, build tools, sudo, sshd, world-writable (not /tmp or sticky dirs)", () => {
    const files = [
      { path: "/var/cache/apk/APKINDEX.abc.tar.gz", type: "file" as const, mode: 0o644, size: 10, layerIndex: 1 },
      { path: "/root/.cache/pip/http/a/b", type: "file" as const, mode: 0o644, size: 10, layerIndex: 1 },
      { path: "/usr/bin/gcc-12", type: "file" as const, mode: 0o755, size: 10, layerIndex: 1 },
      { path: "/usr/local/go/bin/go", type: "file" as const, mode: 0o755, size: 10, layerIndex: 1 },
      { path: "/usr/bin/sudo", type: "file" as const, mode: 0o4755, size: 10, layerIndex: 0 },
      { path: "/usr/sbin/sshd", type: "file" as const, mode: 0o755, size: 10, layerIndex: 1 },
      { path: "/srv/data", type: "dir" as const, mode: 0o777, size: 0, layerIndex: 1 },
      { path: "/srv/shared", type: "dir" as const, mode: 0o1777, size: 0, layerIndex: 1 },
      { path: "/tmp/x", type: "file" as const, mode: 0o666, size: 0, layerIndex: 1 },
    ];
    const f = scanImageMisconfig({ metadata: meta({}), files });
    assert.deepEqual(f.map((x) => `${x.id} ${x.location?.path}`), [
      "DRG-IMG-005 /var/cache/apk/APKINDEX.abc.tar.gz", "DRG-IMG-005 /root/.cache/pip/http/a/b", "DRG-IMG-006 /usr/bin/gcc-12",
      "DRG-IMG-006 /usr/local/go/bin/go", "DRG-IMG-007 /usr/bin/sudo", "DRG-IMG-012 /srv/data", "DRG-IMG-013 /usr/sbin/sshd",
    ]);
  });
});
