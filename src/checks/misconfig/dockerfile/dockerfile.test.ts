import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDredgeError } from "../../../errors.js";
import { isDockerfileName, parseDockerfile, scanDockerfile, shippingStages } from "./index.js";

const data = (name: string) => join(import.meta.dirname, "testdata", name);
const read = (name: string) => readFileSync(data(name));
const idsAt = (f: ReturnType<typeof scanDockerfile>) => f.map((x) => `${x.id}@${x.location?.startLine}`).sort();

describe("Dockerfile parser", () => {
  it("stages, directives, global ARG substitution, flags, JSON form", () => {
    const df = parseDockerfile("node-multistage.Dockerfile", read("node-multistage.Dockerfile"));
    assert.equal(df.directives["syntax"], "docker/dockerfile:1.7");
    assert.deepEqual(df.stages.map((s) => [s.name, s.base]), [["build", "node:20.18.1-bookworm"], [undefined, df.stages[1]!.base]]);
    const final = df.stages[1]!;
    assert.deepEqual(final.instructions.find((i) => i.keyword === "CMD")?.json, ["dist/server.js"]);
    assert.equal(final.instructions.find((i) => i.keyword === "COPY")?.flags["from"], "build");
    assert.deepEqual(shippingStages(df).map((s) => s.index), [1]);
  });

  it("heredocs, the escape directive, continuation lines, stage inheritance", () => {
    const df = parseDockerfile("heredoc.Dockerfile", read("heredoc.Dockerfile"));
    const [run, copy, echo] = df.stages[0]!.instructions;
    assert.equal(run?.heredocs[0]?.name, "EOT");
    assert.match(run!.args, /apk add --no-cache ca-certificates\n\s*adduser -D app/);
    assert.deepEqual([run?.startLine, run?.endLine], [3, 6]);
    assert.equal(copy?.heredocs[0]?.body, "listen=8080");
    assert.equal(echo?.args, "echo one      two");
    assert.deepEqual([echo?.startLine, echo?.endLine], [10, 11]);
    assert.deepEqual(shippingStages(df).map((s) => s.index), [1, 0]);
  });
});

describe("Dockerfile names", () => {
  it("recognises Dockerfile, Containerfile and variants", () => {
    const yes = ["/a/Dockerfile", "Dockerfile.prod", "/x/app.dockerfile", "Containerfile", "dockerfile"];
    const no = ["/a/Dockerfile-notes.md", "docker-compose.yml", "/a/Dockerfiles/readme"];
    assert.deepEqual(yes.map(isDockerfileName), yes.map(() => true));
    assert.deepEqual(no.map(isDockerfileName), no.map(() => false));
  });
});

describe("Dockerfile rules", () => {
  it("a realistic hardened multi-stage build: only build-stage issues that do not ship", () => {
    const f = scanDockerfile("node-multistage.Dockerfile", read("node-multistage.Dockerfile"), { dockerignore: ".git\n.env*\n*.pem\n*.key\nid_*\n" });
    // build-essential is installed in the build stage only; the final stage is distroless, pinned, non-root.
    assert.deepEqual(idsAt(f), ["DRG-DF-014@4"]);
  });

  it("a bad single-stage build: every rule with its line", () => {
    const f = scanDockerfile("python-bad.Dockerfile", read("python-bad.Dockerfile"), { dockerignore: null });
    assert.deepEqual(idsAt(f), [
      "DRG-DF-001@1", "DRG-DF-002@1", "DRG-DF-003@11", "DRG-DF-004@10", "DRG-DF-005@12", "DRG-DF-005@8", "DRG-DF-006@8",
      "DRG-DF-007@8", "DRG-DF-008@15", "DRG-DF-009@3", "DRG-DF-009@6", "DRG-DF-010@1", "DRG-DF-011@13", "DRG-DF-012@13", "DRG-DF-013@14",
    ]);
    assert.match(f.find((x) => x.id === "DRG-DF-005" && x.location?.startLine === 8)!.message, /apt lists/);
    assert.match(f.find((x) => x.id === "DRG-DF-008")!.message, /Port 22 \(SSH\)/);
    assert.match(f.find((x) => x.id === "DRG-DF-013")!.message, /no \.dockerignore/);
    assert.ok(f.every((x) => x.remediation && x.references.length > 0 && x.location?.path === "python-bad.Dockerfile"));
  });

  it("USER inherited from a parent stage; USER root in the final stage", () => {
    assert.deepEqual(idsAt(scanDockerfile("heredoc.Dockerfile", read("heredoc.Dockerfile"))), ["DRG-DF-001@13", "DRG-DF-010@12", "DRG-DF-014@2"]);
    const inherited = "FROM alpine:3.20@sha256:" + "a".repeat(64) + " AS base\nUSER 1000\nHEALTHCHECK CMD true\nFROM base\nRUN echo hi\n";
    assert.deepEqual(scanDockerfile("Dockerfile", inherited), []);
  });

  it("ARG and ENV values are substituted in USER and EXPOSE", () => {
    const df = "ARG RUNAS=root\nFROM alpine:3.20@sha256:" + "a".repeat(64) + "\nARG RUNAS\nENV SSH_PORT=22\nHEALTHCHECK CMD true\nEXPOSE ${SSH_PORT}/tcp\nUSER ${RUNAS}\n";
    const f = scanDockerfile("Dockerfile", df);
    assert.deepEqual(f.map((x) => `${x.id}@${x.location?.startLine} ${x.message}`), [
      "DRG-DF-001@7 USER ${RUNAS} (= root): the container runs as root.",
      "DRG-DF-008@6 Port 22 (SSH) is exposed.",
    ]);
    assert.deepEqual(scanDockerfile("Dockerfile", df.replace("RUNAS=root", "RUNAS=10001")), [f[1]]);
  });

  it(".dockerignore that misses .git is reported", () => {
    const df = "FROM alpine:3.20@sha256:" + "a".repeat(64) + "\nUSER 1\nHEALTHCHECK CMD true\nCOPY . /app\n";
    const f = scanDockerfile("Dockerfile", df, { dockerignore: "node_modules\n.env\n*.pem\n**/*.key\nid_*\n" });
    assert.deepEqual(f.map((x) => x.message), [".dockerignore does not exclude .git, and COPY copies the whole build context."]);
    assert.deepEqual(scanDockerfile("Dockerfile", df, { dockerignore: "*\n!src\n" }), []);
  });
});

describe("hostile Dockerfiles", () => {
  it("a 10 MB single line is refused by size", () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, "A");
    assert.throws(() => scanDockerfile("huge.Dockerfile", huge), (e) => isDredgeError(e, "LIMIT_EXCEEDED") && /huge\.Dockerfile: 10485760 bytes/.test(e.message));
  });

  it("a 2 MB instruction is refused by instruction length, naming the line", () => {
    const long = Buffer.from("FROM alpine:3\n\nRUN echo " + "x".repeat(2 * 1024 * 1024) + "\n");
    assert.throws(() => scanDockerfile("long.Dockerfile", long), (e) => isDredgeError(e, "LIMIT_EXCEEDED") && /long\.Dockerfile:3: instruction longer/.test(e.message));
  });

  it("binary garbage and text that is not a Dockerfile give PARSE_ERRORs naming the file", () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    assert.throws(() => scanDockerfile("garbage", garbage), (e) => isDredgeError(e, "PARSE_ERROR") && /^garbage: not a Dockerfile/.test(e.message));
    const noNul = Buffer.from(Array.from({ length: 4096 }, (_, i) => 1 + ((i * 7919) % 255)));
    assert.throws(() => scanDockerfile("garbage2", noNul), (e) => isDredgeError(e, "PARSE_ERROR") && /^garbage2:\d+: unknown instruction/.test(e.message));
    assert.throws(() => scanDockerfile("empty", "# only a comment\n"), (e) => isDredgeError(e, "PARSE_ERROR") && /no FROM/.test(e.message));
    assert.throws(() => scanDockerfile("early", "RUN x\nFROM a\n"), (e) => isDredgeError(e, "PARSE_ERROR") && /early:1: RUN before the first FROM/.test(e.message));
  });

  it("an unterminated heredoc and a trailing continuation are bounded", () => {
    const f = scanDockerfile("h", "FROM alpine:3@sha256:" + "a".repeat(64) + "\nUSER 1\nHEALTHCHECK CMD true\nRUN <<EOF\n" + "echo\n".repeat(10000));
    assert.deepEqual(f, []);
    assert.doesNotThrow(() => parseDockerfile("c", "FROM a:1\nRUN echo \\"));
  });
});
