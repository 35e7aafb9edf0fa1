import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../model/finding.js";
import { baseAdvice, splitBaseName } from "./remediation.js";

const layer = (index: number) => ({ index, diffId: `sha256:${String(index).repeat(64)}` });
const finding = (index: number): VulnerabilityFinding => ({
  id: `CVE-2024-${index}`, aliases: [], installedVersion: "1", fixedVersions: ["2"], status: "fixed", severity: "HIGH", cvss: [], cwes: [], references: [],
  package: { name: "p", version: "1", type: "deb", purl: "pkg:deb/debian/p@1", class: "os", layer: layer(index) },
});
const report = (name?: string): ScanReport => ({
  schemaVersion: 1, createdAt: "2026-01-01T00:00:00Z", tool: { name: "dredge", version: "0" }, targets: [], warnings: [],
  artifact: { name: "app", type: "registry", repoTags: [], repoDigests: [], layers: [{ ...layer(0), base: true }, { ...layer(1), base: false }], base: { name, layers: 1 } },
});

describe("base-image advice", () => {
  it("splits a base name into the image and the tag it was built from", () => {
    assert.deepEqual(splitBaseName("docker.io/library/debian:12.5-slim"), { image: "docker.io/library/debian", tag: "12.5-slim" });
    assert.deepEqual(splitBaseName(`localhost:5000/debian:12@sha256:${"a".repeat(64)}`), { image: "localhost:5000/debian", tag: "12" });
    assert.deepEqual(splitBaseName(`localhost:5000/debian@sha256:${"a".repeat(64)}`), { image: "localhost:5000/debian" });
  });

  it("says what to rebuild on, whatever is known of the base image", () => {
    const findings = [finding(0), finding(1)];
    const text = (name?: string, lookup?: Parameters<typeof baseAdvice>[2]) => baseAdvice(report(name), findings, lookup)!.advice;
    assert.equal(text(), "1 fixable finding(s) come from the base image, whose name is unknown: rebuild on a newer one (--base-image REF names it)");
    assert.equal(text(`debian@sha256:${"a".repeat(64)}`), "1 fixable finding(s) come from the base image debian: rebuild on a newer release of debian");
    assert.equal(text("debian:12.5", { skipped: "--offline" }), "1 fixable finding(s) come from the base image debian:12.5: rebuild on a newer tag of debian than 12.5 (newer tags not looked up: --offline)");
    assert.equal(text("debian:12.5", { registry: "docker.io", newerTags: [] }),
      "1 fixable finding(s) come from the base image debian:12.5: docker.io lists no newer tag of the same line; rebuild on a fresh pull of debian:12.5 or a newer release");
    assert.ok(!/newer the base image/.test(text() ?? ""));
  });
});
