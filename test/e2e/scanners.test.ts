/**
 * End to end: `dredge image … --scanners secret,misconfig,license` on OCI archives written by the test
 * (test/helpers/oci-writer.ts): a dirty image (secrets in a layer deleted later, a private key, a token in
 * ENV, root user, port 22, apt lists, GPL package) and a clean one. No vulnerability database is needed.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport, SecretFinding } from "../../src/model/finding.js";
import { runCli } from "../helpers/cli.js";
import { writeOciArchive, type LayerSpec } from "../helpers/oci-writer.js";

const AWS_ID = "AKIAIOSFODNN7EXAMPLE";
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// Format-valid (ghp_ + 36 alphanumerics) and obviously fake.
const GH_TOKEN = "ghp_" + "FAKEfake0123456789TESTtoken0000dredge".slice(0, 36);

let dir: string;
let cacheDir: string;
let dirty: string;
let clean: string;
let privateKeyBody: string;

const debianLayer: LayerSpec = {
  createdBy: "/bin/sh -c #(nop) ADD file:debian-rootfs in / ",
  entries: [
    { path: "/etc/os-release", content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n' },
    { path: "/etc/debian_version", content: "12.12\n" },
    { path: "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", content: "Origin: Debian\nLabel: Debian\nSuite: stable\nCodename: bookworm\n" },
    { path: "/var/lib/dpkg/status", content: dpkgStatus() },
    { path: "/usr/share/doc/bash/copyright", content: dep5("bash", "GPL-3+") },
    { path: "/usr/share/doc/zlib1g/copyright", content: dep5("zlib", "Zlib") },
    { path: "/bin/bash", content: "\x7fELF not really", mode: 0o755 },
    { path: "/usr/bin/passwd", content: "\x7fELF not really", mode: 0o4755 },
  ],
};

function dpkgStatus(): string {
  return [
    "Package: bash\nEssential: yes\nStatus: install ok installed\nPriority: required\nSection: shells\nInstalled-Size: 7164\nMaintainer: Matthias Klose <doko@debian.org>\nArchitecture: amd64\nMulti-Arch: foreign\nSource: bash (5.2.15-2)\nVersion: 5.2.15-2+b13\nDescription: GNU Bourne Again SHell\n",
    "Package: zlib1g\nStatus: install ok installed\nPriority: optional\nSection: libs\nInstalled-Size: 168\nMaintainer: Mark Brown <broonie@debian.org>\nArchitecture: amd64\nMulti-Arch: same\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\nDescription: compression library - runtime\n",
  ].join("\n");
}

function dep5(name: string, license: string): string {
  return `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: ${name}\n\nFiles: *\nCopyright: upstream authors\nLicense: ${license}\n\nFiles: debian/*\nCopyright: Debian maintainers\nLicense: ${license}\n`;
}

function makePrivateKey(): string {
  const keyFile = join(dir, "id_ed25519");
  try {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "dredge-test", "-f", keyFile], { stdio: "ignore" });
    return readFileSync(keyFile, "utf8");
  } catch {
    return generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "dredge-scanners-"));
  cacheDir = join(dir, "cache");
  const key = makePrivateKey();
  privateKeyBody = key.split("\n").filter((l) => l && !l.startsWith("-----")).join("");
  dirty = join(dir, "dirty.oci.tar");
  clean = join(dir, "clean.oci.tar");
  await writeOciArchive(dirty, {
    refName: "dirty",
    layers: [
      debianLayer,
      {
        createdBy: "COPY app/ /app/ # buildkit",
        entries: [
          { path: "/app/.aws/credentials", content: `[default]\naws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\n`, mode: 0o600 },
          { path: "/app/.ssh/id_ed25519", content: key, mode: 0o600 },
          { path: "/app/server.js", content: "console.log('hello');\n" },
          { path: "/app/bin/helper", content: "#!/bin/sh\n", mode: 0o4755 },
        ],
      },
      { createdBy: "RUN /bin/sh -c rm /app/.aws/credentials # buildkit", whiteouts: ["/app/.aws/credentials"] },
    ],
    config: { config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `GITHUB_TOKEN=${GH_TOKEN}`], ExposedPorts: { "22/tcp": {} }, Cmd: ["/bin/bash"] } },
  });
  await writeOciArchive(clean, {
    refName: "clean",
    layers: [
      { ...debianLayer, entries: debianLayer.entries!.filter((e) => !e.path.startsWith("/var/lib/apt/lists/")) },
      { createdBy: "COPY app/ /app/ # buildkit", entries: [{ path: "/app/server.js", content: "console.log('hello');\n", uid: 1000, gid: 1000 }] },
    ],
    config: {
      config: {
        User: "1000:1000",
        Env: ["PATH=/usr/local/bin:/usr/bin:/bin", "NODE_ENV=production"],
        Cmd: ["/bin/bash"],
        Healthcheck: { Test: ["CMD", "/bin/bash", "-c", "true"], Interval: 30_000_000_000, Timeout: 5_000_000_000, Retries: 3 },
      },
    },
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const base = (target: string) => ["image", target, "--cache-dir", cacheDir, "--scanners", "secret,misconfig,license"];

async function scanJson(target: string, ...extra: string[]): Promise<{ report: ScanReport; raw: string }> {
  const r = await runCli([...base(target), "--format", "json", ...extra]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at .*\.(ts|js):\d+/, "no stack trace");
  return { report: JSON.parse(r.stdout) as ScanReport, raw: r.stdout };
}

const secretsOf = (r: ScanReport) => r.targets.flatMap((t) => t.secrets);
const misconfigsOf = (r: ScanReport) => r.targets.flatMap((t) => t.misconfigurations);
const licensesOf = (r: ScanReport) => r.targets.flatMap((t) => t.licenses);
const secret = (r: ScanReport, ruleId: string, pathPart: string): SecretFinding | undefined =>
  secretsOf(r).find((s) => s.ruleId === ruleId && s.path.includes(pathPart));

describe("dredge image --scanners secret,misconfig,license on a dirty image", () => {
  it("finds the AWS key pair in layer 1 although layer 2 deletes the file", async () => {
    const { report } = await scanJson(dirty);
    for (const rule of ["aws-access-key-id", "aws-secret-access-key"]) {
      const f = secret(report, rule, "/app/.aws/credentials");
      assert.ok(f, `${rule} in ${JSON.stringify(secretsOf(report).map((s) => [s.ruleId, s.path]))}`);
      assert.equal(f.layer?.index, 1);
      assert.equal(f.deletedInLaterLayer, true);
      assert.equal(f.severity, "CRITICAL");
      assert.equal(f.startLine, rule === "aws-access-key-id" ? 2 : 3);
    }
  });

  it("finds the private key in layer 1 (still in the final filesystem) and the token in ENV", async () => {
    const { report } = await scanJson(dirty);
    const key = secret(report, "private-key", "/app/.ssh/id_ed25519");
    assert.ok(key);
    assert.equal(key.layer?.index, 1);
    assert.notEqual(key.deletedInLaterLayer, true);
    const env = secret(report, "github-token", "image config");
    assert.ok(env, JSON.stringify(secretsOf(report).map((s) => [s.ruleId, s.path])));
    assert.equal(env.layer, undefined);
  });

  it("never prints a secret: every match is masked", async () => {
    const { report, raw } = await scanJson(dirty);
    for (const s of [AWS_ID, AWS_SECRET, GH_TOKEN, privateKeyBody, privateKeyBody.slice(0, 40)]) assert.ok(!raw.includes(s), `secret text in output: ${s.slice(0, 8)}…`);
    for (const f of secretsOf(report)) assert.match(f.match, /\*{4,}/, `${f.ruleId} match is masked`);
  });

  it("reports root user, port 22 and apt lists as image misconfigurations", async () => {
    const { report } = await scanJson(dirty);
    const ids = new Set(misconfigsOf(report).map((m) => m.id));
    for (const id of ["DRG-IMG-001", "DRG-IMG-008", "DRG-IMG-005"]) assert.ok(ids.has(id), `${id} in ${[...ids].join(",")}`);
    const port = misconfigsOf(report).find((m) => m.id === "DRG-IMG-008")!;
    assert.match(`${port.message} ${port.title}`, /22/);
    const apt = misconfigsOf(report).find((m) => m.id === "DRG-IMG-005")!;
    assert.match(JSON.stringify(apt), /apt/);
    const suid = misconfigsOf(report).filter((m) => m.id === "DRG-IMG-011");
    assert.ok(suid.some((m) => JSON.stringify(m).includes("/app/bin/helper")), JSON.stringify(suid));
  });

  it("reports the GPL licence of bash from its DEP-5 copyright, not zlib's permissive one", async () => {
    const { report } = await scanJson(dirty);
    const lic = licensesOf(report);
    const bash = lic.find((l) => l.package?.name === "bash");
    assert.ok(bash, JSON.stringify(lic));
    assert.equal(bash.license, "GPL-3.0-or-later");
    assert.equal(bash.classification, "strong-copyleft");
    assert.equal(bash.severity, "MEDIUM");
    assert.equal(lic.find((l) => l.package?.name === "zlib1g"), undefined);
  });

  it("SARIF and table outputs carry the secret and misconfiguration findings, masked", async () => {
    const sarif = await runCli([...base(dirty), "--format", "sarif"]);
    assert.equal(sarif.code, 0, sarif.stderr);
    const doc = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
    const ruleIds = new Set(doc.runs.flatMap((r) => r.results.map((x) => x.ruleId)));
    for (const id of ["aws-access-key-id", "private-key", "github-token", "DRG-IMG-001", "DRG-IMG-008"]) assert.ok(ruleIds.has(id), `${id} in SARIF: ${[...ruleIds].join(",")}`);
    const table = await runCli([...base(dirty), "--format", "table"], { NO_COLOR: "1" });
    assert.equal(table.code, 0, table.stderr);
    for (const s of ["aws-access-key-id", "/app/.aws/credentials", "DRG-IMG-008"]) assert.ok(table.stdout.includes(s), `${s} in the table`);
    for (const out of [sarif.stdout, table.stdout]) for (const s of [AWS_ID, AWS_SECRET, GH_TOKEN]) assert.ok(!out.includes(s), "secret text in output");
  });
});

describe("the test image itself (test/helpers/oci-writer.ts)", () => {
  const hasUmoci = (() => {
    try {
      execFileSync("umoci", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  it("is a valid OCI image: umoci verifies its digests and applies the whiteout; setuid bits survive", { skip: !hasUmoci && "umoci not installed" }, () => {
    const layout = join(dir, "layout");
    const bundle = join(dir, "bundle");
    mkdirSync(layout);
    execFileSync("tar", ["-xf", dirty, "-C", layout]);
    execFileSync("umoci", ["unpack", "--rootless", "--image", `${layout}:dirty`, bundle], { stdio: ["ignore", "ignore", "pipe"] });
    const rootfs = join(bundle, "rootfs");
    assert.equal(existsSync(join(rootfs, "app/.aws/credentials")), false, "deleted by the whiteout");
    assert.ok(existsSync(join(rootfs, "app/.ssh/id_ed25519")));
    assert.equal(statSync(join(rootfs, "app/bin/helper")).mode & 0o7777, 0o4755);
    assert.match(readFileSync(join(rootfs, "etc/os-release"), "utf8"), /VERSION_ID="12"/);
  });
});

describe("exit codes and ignores", () => {
  it("a clean image has no secret or misconfiguration findings", async () => {
    const { report } = await scanJson(clean);
    assert.deepEqual(secretsOf(report), []);
    assert.deepEqual(misconfigsOf(report).map((m) => m.id), []);
    assert.ok(licensesOf(report).some((l) => l.package?.name === "bash"), "licences still reported");
  });

  it("--exit-code 3 --severity HIGH,CRITICAL: 3 on the dirty image, 0 on the clean one", async () => {
    const flags = ["--format", "json", "--exit-code", "3", "--severity", "HIGH,CRITICAL"];
    const d = await runCli([...base(dirty), ...flags]);
    assert.equal(d.code, 3, d.stderr);
    const c = await runCli([...base(clean), ...flags]);
    assert.equal(c.code, 0, c.stderr);
  });

  it("a .dredgeignore in the working directory is picked up by default", async () => {
    const work = join(dir, "work");
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, ".dredgeignore"), "aws-access-key-id\n");
    const cwd = process.cwd();
    process.chdir(work);
    try {
      const { report } = await scanJson(dirty);
      const live = secretsOf(report).filter((s) => !s.suppressed).map((s) => s.ruleId);
      assert.ok(!live.includes("aws-access-key-id"), live.join(","));
      assert.ok(live.includes("aws-secret-access-key"), live.join(","));
    } finally {
      process.chdir(cwd);
    }
  });

  it("an ignore file with the AWS rule ids suppresses those findings only", async () => {
    const ignore = join(dir, ".dredgeignore");
    writeFileSync(ignore, "# known example keys\naws-access-key-id\naws-secret-access-key\n");
    assert.ok(existsSync(ignore));
    const { report } = await scanJson(dirty, "--ignorefile", ignore);
    const live = secretsOf(report).filter((s) => !s.suppressed);
    assert.equal(live.some((s) => s.ruleId.startsWith("aws-")), false, JSON.stringify(live));
    assert.ok(live.some((s) => s.ruleId === "private-key"));
    const shown = await scanJson(dirty, "--ignorefile", ignore, "--show-suppressed");
    const sup = secretsOf(shown.report).filter((s) => s.ruleId.startsWith("aws-"));
    assert.ok(sup.length === 2 && sup.every((s) => s.suppressed?.kind === "ignorefile"), JSON.stringify(sup));
  });
});
