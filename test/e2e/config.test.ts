/**
 * End to end: `dredge config` on the shipped examples (clean), on bad inputs written here (rule ids with
 * lines), and on hostile inputs (warnings naming the file, exit 0, no stack trace, bounded time).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { MisconfigFinding, ScanReport } from "../../src/model/finding.js";
import { runCli, type CliResult } from "../helpers/cli.js";

const repo = resolve(import.meta.dirname, "../..");
const examples = join(repo, "examples");
let dir: string;
before(() => void (dir = mkdtempSync(join(tmpdir(), "dredge-config-"))));
after(() => rmSync(dir, { recursive: true, force: true }));

const noStackTrace = (r: CliResult) => assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at .+[.:]\d+/, "no stack trace");

async function configJson(path: string, ...extra: string[]): Promise<{ r: CliResult; report: ScanReport; findings: MisconfigFinding[] }> {
  const r = await runCli(["config", path, "--format", "json", ...extra]);
  noStackTrace(r);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as ScanReport;
  return { r, report, findings: report.targets.flatMap((t) => t.misconfigurations) };
}

const idsWithLines = (fs: MisconfigFinding[], file: string) =>
  fs.filter((f) => f.location?.path?.endsWith(file)).map((f) => `${f.id}@${f.location?.startLine}`);

describe("dredge config on the examples", () => {
  it("examples/ has no findings at all, and --exit-code 1 --severity HIGH,CRITICAL passes", async () => {
    const { findings, report } = await configJson(examples);
    assert.deepEqual(findings.map((f) => `${f.id} ${f.location?.path}:${f.location?.startLine}`), []);
    assert.deepEqual(report.warnings, []);
    const gate = await runCli(["config", examples, "--exit-code", "1", "--severity", "HIGH,CRITICAL"]);
    assert.equal(gate.code, 0, gate.stdout + gate.stderr);
  });

  it("the examples are clean because of their hardening: removing it brings the findings", async () => {
    const copy = join(dir, "examples-weakened");
    cpSync(examples, copy, { recursive: true });
    const df = join(copy, "Dockerfile");
    writeFileSync(df, readFileSync(df, "utf8").replace(/^USER node$/m, "").replace(/^HEALTHCHECK .*$/m, ""));
    const cj = join(copy, "kubernetes/dredge-cronjob.yaml");
    writeFileSync(cj, readFileSync(cj, "utf8").replace(/readOnlyRootFilesystem: true/, "readOnlyRootFilesystem: false").replace(/@sha256:[0-9a-f]{64}/, ""));
    const ids = new Set((await configJson(copy)).findings.map((f) => f.id));
    for (const id of ["DRG-DF-001", "DRG-DF-010", "DRG-K8S-004", "DRG-K8S-011"]) assert.ok(ids.has(id), `${id} in ${[...ids].join(",")}`);
  });
});

describe("dredge config --list-rules", () => {
  it("--format json lists every rule with id, severity and title, the same set as docs/scanners.md", async () => {
    const r = await runCli(["config", "--list-rules", "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const rules = JSON.parse(r.stdout) as { id: string; severity: string; title: string; target: string; pss?: string }[];
    for (const rule of rules) {
      assert.match(rule.id, /^DRG-(DF|IMG|K8S)-\d{3}$/);
      assert.ok(["CRITICAL", "HIGH", "MEDIUM", "LOW"].includes(rule.severity), rule.id);
      assert.ok(rule.title.length > 0 && rule.target.length > 0, rule.id);
    }
    assert.equal(new Set(rules.map((x) => x.id)).size, rules.length, "ids are unique");
    const documented = [...readFileSync(join(repo, "docs/scanners.md"), "utf8").matchAll(/^\| (DRG-[A-Z0-9]+-\d{3}) \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(rules.map((x) => `${x.id} ${x.severity}`).sort(), documented.sort());
  });

  it("the table lists them too", async () => {
    const r = await runCli(["config", "--list-rules"], { NO_COLOR: "1" });
    assert.equal(r.code, 0, r.stderr);
    for (const id of ["DRG-DF-001", "DRG-IMG-013", "DRG-K8S-014"]) assert.ok(r.stdout.includes(id), id);
  });
});

const badDockerfile = `FROM ubuntu
RUN apt-get update && apt-get install -y curl sudo
ADD https://example.com/tool.tar.gz /opt/
RUN curl -fsSL https://example.com/install.sh | sh
ENV API_PASSWORD=hunter2hunter2
EXPOSE 22
RUN chmod 4755 /opt/tool && chmod 777 /opt
COPY . /app
CMD ["/opt/tool"]
`;

const privilegedDaemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: kube-system
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      hostNetwork: true
      hostPID: true
      containers:
        - name: agent
          image: example/agent:latest
          securityContext:
            privileged: true
            capabilities:
              add: ["SYS_ADMIN"]
          ports:
            - containerPort: 9100
              hostPort: 9100
      volumes:
        - name: root
          hostPath:
            path: /
`;

describe("dredge config on bad inputs", () => {
  it("a bad Dockerfile and a privileged DaemonSet: their rule ids with line numbers", async () => {
    const bad = join(dir, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "Dockerfile"), badDockerfile);
    writeFileSync(join(bad, ".dockerignore"), "node_modules\n");
    writeFileSync(join(bad, "daemonset.yaml"), privilegedDaemonSet);
    const { findings } = await configJson(bad);
    const df = idsWithLines(findings, "/Dockerfile");
    for (const want of ["DRG-DF-001@1", "DRG-DF-002@1", "DRG-DF-003@3", "DRG-DF-004@4", "DRG-DF-007@2", "DRG-DF-008@6", "DRG-DF-009@5", "DRG-DF-011@7", "DRG-DF-012@7", "DRG-DF-013@8"]) {
      assert.ok(df.includes(want), `${want} in ${df.join(" ")}`);
    }
    const ds = idsWithLines(findings, "/daemonset.yaml");
    for (const want of ["DRG-K8S-001@19", "DRG-K8S-005@13", "DRG-K8S-005@14", "DRG-K8S-006@28", "DRG-K8S-007@21", "DRG-K8S-010@17", "DRG-K8S-014@24"]) {
      assert.ok(ds.includes(want), `${want} in ${ds.join(" ")}`);
    }
    assert.ok(findings.every((f) => f.severity && f.title && f.message), "every finding has severity, title and message");
  });

  it("a single file: only that file is read, not the rest of its directory", async () => {
    const one = join(dir, "one");
    mkdirSync(one);
    writeFileSync(join(one, "Dockerfile"), badDockerfile);
    writeFileSync(join(one, "daemonset.yaml"), privilegedDaemonSet);
    writeFileSync(join(one, "broken.yaml"), "kind: Pod\nspec: [unclosed\n");
    const r = await runCli(["config", join(one, "Dockerfile"), "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { targets: { misconfigurations: { location?: { path?: string } }[] }[]; warnings: string[] };
    const paths = new Set(report.targets.flatMap((t) => t.misconfigurations.map((m) => m.location?.path)));
    assert.deepEqual([...paths], ["/Dockerfile"]);
    assert.deepEqual(report.warnings, []);
  });

  it("--exit-code 4 gates on them; a .dredgeignore in the working directory suppresses a rule", async () => {
    const bad = join(dir, "bad");
    const gate = await runCli(["config", bad, "--exit-code", "4", "--severity", "HIGH,CRITICAL", "--format", "json"]);
    assert.equal(gate.code, 4, gate.stderr);
    const cwd = process.cwd();
    process.chdir(bad);
    try {
      writeFileSync(join(bad, ".dredgeignore"), "DRG-K8S-001\n");
      const { findings } = await configJson(bad);
      // JSON keeps suppressed findings, marked.
      assert.equal(findings.find((f) => f.id === "DRG-K8S-001")?.suppressed?.kind, "ignorefile");
      assert.ok(findings.some((f) => f.id === "DRG-K8S-005" && !f.suppressed));
      const gated = await runCli(["config", bad, "--exit-code", "4", "--severity", "CRITICAL,HIGH", "--format", "json"]);
      assert.equal(gated.code, 4, "the other HIGH findings still fail the gate");
    } finally {
      process.chdir(cwd);
      rmSync(join(bad, ".dredgeignore"));
    }
  });
});

describe("dredge config on hostile inputs: a warning naming the file, exit 0, bounded time", () => {
  const lines = (n: number, indent: string) => {
    const out = [`${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
    "bcdefghi".split("").forEach((c, i) => out.push(`${indent}${c}: &${c} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`));
    return out.slice(0, n).join("\n");
  };
  const cases: [string, string, () => string | Buffer, RegExp][] = [
    ["a 10 MB single-line Dockerfile", "Dockerfile", () => `FROM debian:12\nRUN echo ${"a".repeat(10 * 1024 * 1024)}`, /^\/Dockerfile: .*limit/],
    ["binary garbage named Dockerfile", "Dockerfile", () => Buffer.concat([Buffer.from([0, 0xff, 0xfe]), randomBytes(64 * 1024)]), /^\/Dockerfile: .*binary/],
    ["a YAML billion-laughs manifest", "bomb.yaml", () => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: lol\n  annotations:\n${lines(9, "    ")}\nspec:\n  containers:\n    - name: x\n      image: x\n`, /^\/bomb\.yaml: .*alias/],
  ];
  for (const [name, file, content, warning] of cases) {
    it(name, async () => {
      const d = mkdtempSync(join(dir, "hostile-"));
      writeFileSync(join(d, file), content());
      for (const target of [d, join(d, file)]) {
        const started = Date.now();
        const { report, findings } = await configJson(target);
        assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
        assert.equal(report.warnings.length, 1, report.warnings.join("\n"));
        assert.match(report.warnings[0]!, warning);
        assert.deepEqual(findings, []);
      }
      const table = await runCli(["config", join(d, file)], { NO_COLOR: "1" });
      noStackTrace(table);
      assert.equal(table.code, 0);
      assert.ok((table.stdout + table.stderr).includes(`/${file}:`), "the table output names the file");
    });
  }

  it("a missing path is a clear usage error (exit 2)", async () => {
    const r = await runCli(["config", join(dir, "nope")]);
    noStackTrace(r);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nope: no such file or directory/);
  });
});
