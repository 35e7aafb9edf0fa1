import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport } from "../../src/model/finding.js";
import { runCli } from "../helpers/cli.js";
import { writeOciArchive } from "../helpers/oci-writer.js";

const tmp = mkdtempSync(join(tmpdir(), "dredge-scfg-"));
const image = join(tmp, "image.tar");
const token = "acme_live_4f9c2b7e8d1a6f3c5b0e9d2a7c4f1e8b";
const copyright = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: *
Copyright: 1989 Free Software Foundation
License: GPL-3+
`;
const status = `Package: bash
Status: install ok installed
Priority: required
Architecture: amd64
Version: 5.2.15-2+b2

`;

before(async () => {
  await writeOciArchive(image, {
    layers: [
      {
        entries: [
          { path: "etc/os-release", content: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' },
          { path: "var/lib/dpkg/status", content: status },
          { path: "usr/share/doc/bash/copyright", content: copyright },
          { path: "srv/app/settings.ini", content: `[billing]\napi = ${token}\n` },
        ],
        createdBy: "COPY rootfs /",
      },
    ],
    config: { config: { User: "1000", Healthcheck: { Test: ["CMD", "true"] } } },
  });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

async function scan(config: string): Promise<ScanReport> {
  const cfg = join(tmp, `dredge-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(cfg, config);
  const r = await runCli(["image", image, "--config", cfg, "--scanners", "secret,license", "--format", "json", "--cache-dir", join(tmp, "cache")]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ScanReport;
}

const secrets = (r: ScanReport) => r.targets.flatMap((t) => t.secrets);
const licenses = (r: ScanReport) => r.targets.flatMap((t) => t.licenses);

describe("dredge.yaml configures the secret and licence scanners", () => {
  it("without config: the custom token is not a built-in secret, GPL-3.0 is MEDIUM", async () => {
    const r = await scan("quiet: true\n");
    assert.equal(secrets(r).length, 0);
    assert.deepEqual(licenses(r).map((l) => [l.license, l.severity]), [["GPL-3.0-or-later", "MEDIUM"]]);
  });

  it("a custom rule finds the token (masked) and a licence severity override applies", async () => {
    const r = await scan(`secret:
  rules:
    - id: acme-live-key
      title: ACME live API key
      severity: CRITICAL
      regex: '(?<secret>acme_live_[0-9a-f]{32})'
      keywords: [acme_live_]
license:
  severities:
    strong-copyleft: HIGH
`);
    const found = secrets(r);
    assert.deepEqual(found.map((s) => [s.ruleId, s.severity, s.path, s.startLine]), [["acme-live-key", "CRITICAL", "/srv/app/settings.ini", 2]]);
    assert.ok(!JSON.stringify(r).includes(token), "the secret never appears in the report");
    assert.deepEqual(licenses(r).map((l) => l.severity), ["HIGH"]);
  });

  it("an allow rule silences it again; a bad rule is a clear error naming the config file", async () => {
    const allowed = await scan(`secret:
  rules:
    - { id: acme-live-key, title: ACME key, regex: '(?<secret>acme_live_[0-9a-f]{32})', keywords: [acme_live_] }
  allowRules:
    - { id: app-settings, path: '^/srv/app/' }
`);
    assert.equal(secrets(allowed).length, 0);
    const cfg = join(tmp, "bad.yaml");
    writeFileSync(cfg, "secret:\n  rules:\n    - { id: 'bad id!', title: x, regex: y }\n");
    const r = await runCli(["image", image, "--config", cfg, "--scanners", "secret", "--cache-dir", join(tmp, "cache")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
