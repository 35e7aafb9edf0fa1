import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { langFixtures } from "../testing.js";
import { defaultJarLimits, parseJar, splitJarName } from "./jar.js";
import { pomCoordinates } from "./properties.js";
import { makeZip } from "./test-zip.js";

/** Jars installed by Debian packages (libcommons-lang3-java, libcommons-io-java, libguava-java…). */
const javaDir = "/usr/share/java";
const debianJar = (name: string): Buffer => readFileSync(realpathSync(join(javaDir, name)));
const haveJars = existsSync(join(javaDir, "commons-lang3.jar")) && existsSync(join(javaDir, "guava.jar"));

describe("pom.properties", () => {
  it("reads the fixture variants", () => {
    const read = (rel: string) => pomCoordinates(readFileSync(join(langFixtures, "java", rel), "utf8"));
    assert.deepEqual(read("opensaml-core-3.4.6/pom.properties"), { group: "org.opensaml", artifact: "opensaml-core", version: "3.4.6" });
    assert.deepEqual(read("api-all-2.0.0/pom.properties"), { group: "org.apache.directory.api", artifact: "api-all", version: "2.0.0" });
    for (const f of ["colon-delimited", "small", "extra"]) {
      assert.deepEqual(read(`pom-cases/${f}.pom.properties`), { group: "org.anchore", artifact: "example-java-app-maven", version: "0.1.0" });
    }
    assert.deepEqual(read("pom-cases/equals-delimited-with-colons.pom.properties"), {
      group: "org.anchore", artifact: "example-java:app-maven", version: "0.1.0:something",
    });
  });

  it("file names", () => {
    assert.deepEqual(splitJarName("/x/guava-31.1-jre.jar"), { artifact: "guava", version: "31.1-jre" });
    assert.deepEqual(splitJarName("/x/commons-lang3-3.12.0.jar"), { artifact: "commons-lang3", version: "3.12.0" });
    assert.deepEqual(splitJarName("/x/gettext.jar"), { artifact: "gettext" });
  });
});

describe("java archives", { skip: !haveJars && "Debian jars not installed" }, () => {
  it("identifies Debian's jars by pom.properties", async () => {
    const r = await parseJar(debianJar("commons-lang3.jar"), "/usr/share/java/commons-lang3.jar");
    assert.deepEqual(r.packages.map((p) => [p.name, p.version, p.purl, p.confidence]), [
      ["org.apache.commons:commons-lang3", "3.12.0", "pkg:maven/org.apache.commons/commons-lang3@3.12.0", "high"],
    ]);
    const g = await parseJar(debianJar("guava.jar"), "/g.jar");
    assert.equal(g.packages[0]?.name, "com.google.guava:guava");
    assert.match(g.packages[0]?.version ?? "", /^\d+\.\d+(\.\d+)?-jre$/);
  });

  it("every /usr/share/java jar with a pom.properties is identified by it", async () => {
    let checked = 0;
    for (const f of readdirSync(javaDir).filter((x) => x.endsWith(".jar"))) {
      const buf = debianJar(f);
      const r = await parseJar(buf, f);
      assert.equal(r.warnings.length, 0, `${f}: ${r.warnings.join("; ")}`);
      if (r.packages.some((p) => p.confidence === "high")) checked++;
    }
    assert.ok(checked >= 3, `${checked}`);
  });

  it("falls back to MANIFEST.MF then the file name", async () => {
    const mf = Buffer.from("Manifest-Version: 1.0\r\nImplementation-Vendor-Id: org.exa\r\n mple\r\nImplementation-Version: 2.5.0\r\n\r\n");
    const r = await parseJar(makeZip([{ name: "META-INF/MANIFEST.MF", data: mf }]), "/app/lib/widget-2.5.0.jar");
    assert.deepEqual(r.packages.map((p) => [p.name, p.version, p.confidence]), [["org.example:widget", "2.5.0", "medium"]]);
    const bare = await parseJar(makeZip([{ name: "a/B.class", data: Buffer.from("x") }]), "/app/lib/thing-1.0.jar");
    assert.deepEqual(bare.packages.map((p) => [p.name, p.version, p.purl, p.confidence]), [["thing:thing", "1.0", "pkg:maven/thing/thing@1.0", "low"]]);
  });

  it("nested BOOT-INF/lib and WEB-INF/lib jars, shaded pom.properties", async () => {
    const lang3 = debianJar("commons-lang3.jar");
    const io = debianJar("commons-io.jar");
    const war = makeZip([
      { name: "META-INF/maven/com.acme/shop/pom.properties", data: Buffer.from("groupId=com.acme\nartifactId=shop\nversion=1.0\n") },
      { name: "META-INF/maven/org.shaded/inner/pom.properties", data: Buffer.from("groupId=org.shaded\nartifactId=inner\nversion=0.1\n") },
      { name: "WEB-INF/lib/commons-io.jar", data: io, deflate: true },
    ]);
    const boot = makeZip([
      { name: "BOOT-INF/lib/commons-lang3-3.12.0.jar", data: lang3 },
      { name: "BOOT-INF/lib/shop.war", data: war, deflate: true },
    ]);
    const r = await parseJar(boot, "/app/app.jar");
    const found = r.packages.map((p) => `${p.name}@${p.version} ${p.locations[0]?.path}`).sort();
    assert.deepEqual(found.map((f) => f.split(" ")[0]), [
      "com.acme:shop@1.0",
      "commons-io:commons-io@2.11.0",
      "org.apache.commons:commons-lang3@3.12.0",
      "org.shaded:inner@0.1",
    ]);
    assert.ok(found.includes("commons-io:commons-io@2.11.0 /app/app.jar!/BOOT-INF/lib/shop.war!/WEB-INF/lib/commons-io.jar"));
    const shallow = await parseJar(boot, "/app/app.jar", { ...defaultJarLimits, maxDepth: 1 });
    assert.ok(!shallow.packages.some((p) => p.name === "commons-io:commons-io"));
    assert.match(shallow.warnings.join("\n"), /shop\.war: 1 nested archive\(s\) below the nesting limit/);
  });
});

describe("hostile archives", () => {
  it("zip bomb: a nested jar inflating past the limit is skipped with a warning", async () => {
    const bomb = makeZip([{ name: "lib/bomb.jar", data: Buffer.alloc(8 * 1024 * 1024), deflate: true }]);
    assert.ok(bomb.length < 64 * 1024);
    const r = await parseJar(bomb, "/b.jar", { ...defaultJarLimits, maxNestedBytes: 1024 * 1024 });
    assert.match(r.warnings.join("\n"), /\/b\.jar!\/lib\/bomb\.jar: not scanned/);
  });

  it("headers that lie about the size are caught", async () => {
    const liar = makeZip([{ name: "lib/x.jar", data: Buffer.alloc(4 * 1024 * 1024), deflate: true, declaredSize: 10 }]);
    const r = await parseJar(liar, "/l.jar");
    assert.match(r.warnings.join("\n"), /\/l\.jar!\/lib\/x\.jar: not scanned/);
  });

  it("absurd nesting stops at the depth limit", async () => {
    let z = makeZip([{ name: "META-INF/maven/a/b/pom.properties", data: Buffer.from("groupId=a\nartifactId=b\nversion=1\n") }]);
    for (let i = 0; i < 30; i++) z = makeZip([{ name: `n${i}.jar`, data: z }]);
    const r = await parseJar(z, "/deep.jar");
    assert.equal(r.packages.length, 0);
    assert.equal(r.warnings.length, 1);
  });

  it("not a zip, truncated zip", async () => {
    assert.match((await parseJar(Buffer.from("hello"), "/x.jar")).warnings[0] ?? "", /\/x\.jar: not a readable zip/);
    const z = makeZip([{ name: "a.txt", data: Buffer.from("abc") }]);
    assert.match((await parseJar(z.subarray(0, z.length - 10), "/t.jar")).warnings[0] ?? "", /\/t\.jar/);
  });
});
