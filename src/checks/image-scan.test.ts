/** The test image: planted secrets (one deleted by a later layer), root user, apt lists, port 22. */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { secretRuleSet } from "./secret/index.js";
import { scanImageMisconfig } from "./misconfig/index.js";
import { scanTestImage, type TestEntry, type TestImageScan } from "./testing.js";

function opensshKey(): string {
  const dir = mkdtempSync(join(tmpdir(), "dredge-key-"));
  try {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", join(dir, "id")], { stdio: "ignore" });
    return readFileSync(join(dir, "id"), "utf8");
  } catch {
    return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base: TestEntry[] = [
  { path: "/etc", dir: true },
  { path: "/etc/os-release", content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' },
  { path: "/etc/passwd", content: "root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n" },
  { path: "/usr/bin/passwd", content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), mode: 0o4755 },
  { path: "/tmp", dir: true, mode: 0o1777 },
  { path: "/var/lib/dpkg/status", content: "Package: base-files\nStatus: install ok installed\nVersion: 12.4\n\n" },
];
const aptLists: TestEntry[] = [
  { path: "/var/lib/apt/lists/lock", content: "" },
  { path: "/var/lib/apt/lists/partial", dir: true },
  { path: "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", content: "Origin: Debian\nLabel: Debian\nSuite: stable\n" },
  { path: "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages", content: "Package: curl\nVersion: 7.88.1-10\n\n" },
];
const awsCredentials = "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

describe("test image with planted secrets and misconfigurations", () => {
  let scan: TestImageScan;
  before(async () => {
    scan = await scanTestImage(
      [
        [...base, ...aptLists],
        [{ path: "/root/.aws/credentials", content: awsCredentials, mode: 0o600 }, { path: "/root/.ssh/id_ed25519", content: opensshKey(), mode: 0o600 }],
        [{ path: "/root/.aws/credentials", whiteout: true }, { path: "/app/README", content: "hello\n" }],
      ],
      { exposedPorts: ["22/tcp"], history: [] },
      secretRuleSet(),
    );
  });

  it("finds the AWS key pair in layer 2, deleted by layer 3", () => {
    const aws = scan.secrets.filter((s) => s.category === "AWS");
    assert.deepEqual(aws.map((s) => [s.ruleId, s.path, s.startLine, s.layer?.index, s.deletedInLaterLayer]), [
      ["aws-access-key-id", "/root/.aws/credentials", 2, 1, true],
      ["aws-secret-access-key", "/root/.aws/credentials", 3, 1, true],
    ]);
    assert.ok(aws.every((s) => !s.match.includes("IOSFODNN7") && !s.match.includes("bPxRfiCY")));
  });

  it("finds the OpenSSH private key in layer 2, still present", () => {
    const keys = scan.secrets.filter((s) => s.ruleId === "private-key");
    assert.deepEqual(keys.map((s) => [s.path, s.startLine, s.layer?.index, s.deletedInLaterLayer]), [["/root/.ssh/id_ed25519", 1, 1, undefined]]);
    assert.equal(scan.secrets.length, 3);
  });

  it("reports root user, apt lists (layer 1), port 22 and no healthcheck — and nothing else", () => {
    const f = scanImageMisconfig({ metadata: scan.metadata, files: scan.files });
    assert.deepEqual(f.map((x) => x.id).sort(), ["DRG-IMG-001", "DRG-IMG-005", "DRG-IMG-008", "DRG-IMG-010"]);
    const apt = f.find((x) => x.id === "DRG-IMG-005")!;
    assert.equal(apt.location?.layer?.index, 0);
    assert.match(apt.message, /apt lists: 2 file\(s\)/);
    assert.match(f.find((x) => x.id === "DRG-IMG-008")!.message, /Port 22 \(SSH\)/);
  });

  it("a setuid binary added above the base is reported with its layer", async () => {
    const s = await scanTestImage([base, [{ path: "/usr/local/bin/helper", content: "#!/bin/sh\n", mode: 0o4755 }]], { user: "1000" }, secretRuleSet());
    const f = scanImageMisconfig({ metadata: s.metadata, files: s.files }).filter((x) => x.id === "DRG-IMG-011");
    assert.deepEqual(f.map((x) => [x.location?.path, x.location?.layer?.index]), [["/usr/local/bin/helper", 1]]);
  });
});

describe("clean image", () => {
  it("gives no secret and no misconfiguration findings", async () => {
    const scan = await scanTestImage(
      [base, [{ path: "/app/server.js", content: "const port = process.env.PORT ?? 8080;\nconsole.log('listening', port);\n" }]],
      {
        user: "1000:1000",
        exposedPorts: ["8080/tcp"],
        env: ["PATH=/usr/local/bin:/usr/bin:/bin", "NODE_ENV=production"],
        healthcheck: { test: ["CMD", "/app/healthcheck"] },
        history: [{ createdBy: "/bin/sh -c #(nop) ADD file:abc in / ", emptyLayer: false }, { createdBy: "COPY server.js /app/ # buildkit", emptyLayer: false }],
      },
      secretRuleSet(),
      { "org.opencontainers.image.base.name": "docker.io/library/debian:12", "org.opencontainers.image.base.digest": "sha256:" + "d".repeat(64) },
    );
    assert.deepEqual(scan.secrets, []);
    assert.deepEqual(scanImageMisconfig({ metadata: scan.metadata, files: scan.files }), []);
  });
});
