/**
 * Runtimes on this machine: each detector against the version the program itself prints. A runtime that
 * is not installed here is skipped (the Debian packages are listed in .ci/run).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import type { FileInfo } from "../../layer/types.js";
import { runtimeDetectors } from "./index.js";

/** Runs the detector that wants `imagePath` on the bytes of `realPath`; returns the purls. */
function detect(imagePath: string, realPath: string): string[] {
  const info: FileInfo = { path: imagePath, type: "file", size: statSync(realPath).size, mode: 0o755, uid: 0, gid: 0 };
  const d = runtimeDetectors.find((x) => x.wants(imagePath, info));
  assert.ok(d, `no detector wants ${imagePath}`);
  return d.detect(readFileSync(realPath), imagePath).map((p) => p.purl);
}

/** stdout + stderr of a program, or undefined when it cannot run. */
function run(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return e.stdout || e.stderr ? `${e.stdout ?? ""}${e.stderr ?? ""}` : undefined;
  }
}
/** stdout and stderr together (`java -version`, `nginx -v` print to stderr; busybox exits 1). */
function runAll(file: string, args: string[]): string {
  return execFileSync("sh", ["-c", `"$0" "$@" 2>&1; true`, file, ...args], { encoding: "utf8" });
}
const skipUnless = (path: string): { skip: string | false } => ({ skip: existsSync(path) ? false : `${path} not installed` });

describe("runtimes installed on this machine", () => {
  it("node: the binary running the tests has version process.version", () => {
    assert.deepEqual(detect("/usr/local/bin/node", realpathSync(process.execPath)), [`pkg:generic/node@${process.version.slice(1)}`]);
  });

  it("python: /usr/bin/python3.11 and its patchlevel.h", skipUnless("/usr/bin/python3.11"), () => {
    const v = run("/usr/bin/python3.11", ["-c", "import platform; print(platform.python_version())"])?.trim();
    assert.match(v ?? "", /^3\.11\.\d+$/);
    assert.deepEqual(detect("/usr/bin/python3.11", "/usr/bin/python3.11"), [`pkg:generic/python@${v}`]);
    const h = "/usr/include/python3.11/patchlevel.h";
    if (existsSync(h)) assert.deepEqual(detect(h, h), [`pkg:generic/python@${v}`]);
  });

  it("go: GOROOT/VERSION of golang-go as `go version` prints it", skipUnless("/usr/lib/go/VERSION"), () => {
    const root = realpathSync("/usr/lib/go");
    const v = /go version go(\S+)/.exec(run(`${root}/bin/go`, ["version"]) ?? "")?.[1];
    assert.ok(v);
    assert.deepEqual(detect(`${root}/VERSION`, `${root}/VERSION`), [`pkg:golang/stdlib@${v}`, `pkg:golang/toolchain@${v}`]);
  });

  it("openjdk: every JDK release file under /usr/lib/jvm", skipUnless("/usr/lib/jvm"), () => {
    let seen = 0;
    for (const home of readdirSync("/usr/lib/jvm").map((d) => `/usr/lib/jvm/${d}`)) {
      if (!existsSync(`${home}/release`) || !existsSync(`${home}/bin/java`)) continue;
      const v = /version "([^"]+)"/.exec(runAll(`${home}/bin/java`, ["-version"]))?.[1];
      assert.deepEqual(detect(`${home}/release`, `${home}/release`), [`pkg:generic/openjdk@${v}`], home);
      seen++;
    }
    assert.ok(seen > 0);
  });

  it("ruby: rbconfig.rb against RUBY_VERSION", skipUnless("/usr/bin/ruby"), () => {
    const v = run("/usr/bin/ruby", ["-e", "print RUBY_VERSION"]);
    const conf = run("/usr/bin/ruby", ["-rrbconfig", "-e", "print RbConfig.method(:ruby).source_location[0]"])?.trim() ?? "";
    assert.ok(existsSync(conf), conf);
    assert.deepEqual(detect(conf, conf), [`pkg:generic/ruby@${v}`]);
  });

  // [path in an image, file read here, command printing the version, its pattern, package name]
  const servers: [string, string, string[], RegExp, string][] = [
    ["/usr/sbin/nginx", "/usr/sbin/nginx", ["/usr/sbin/nginx", "-v"], /nginx\/(\S+)/, "nginx"],
    ["/usr/sbin/apache2", "/usr/sbin/apache2", ["/usr/sbin/apache2", "-v"], /Apache\/(\d[\d.]*)/, "httpd"],
    ["/usr/lib/postgresql/15/bin/postgres", "/usr/lib/postgresql/15/bin/postgres", ["/usr/lib/postgresql/15/bin/postgres", "--version"], /\(PostgreSQL\) ([\d.]+)/, "postgresql"],
    ["/bin/busybox", "/bin/busybox", ["/bin/busybox"], /BusyBox v([\d.]+)/, "busybox"],
    // Debian's redis-server is a link to redis-check-rdb (the official image: the other way round).
    ["/usr/local/bin/redis-server", "/usr/bin/redis-check-rdb", ["/usr/bin/redis-server", "--version"], /v=([\d.]+)/, "redis"],
  ];
  for (const [imagePath, real, [cmd = "", ...args], re, name] of servers) {
    it(`${name}: ${real} against what it prints`, skipUnless(real), () => {
      const v = re.exec(runAll(cmd, args))?.[1];
      assert.ok(v, `${real} printed no version`);
      assert.deepEqual(detect(imagePath, real), [`pkg:generic/${name}@${v}`]);
    });
  }
});
