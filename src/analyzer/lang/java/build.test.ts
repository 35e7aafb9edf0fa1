import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { parseGradleLockfile } from "./gradle-lockfile.js";
import { parsePomXml, resolveProps } from "./pom-xml.js";

/** Real poms installed by Debian's libmaven3-core-java and libguice-java (maven's dependencies). */
const mavenPom = "/usr/share/maven-repo/org/apache/maven/maven/3.8.7/maven-3.8.7.pom";
const embedderPom = "/usr/share/maven-repo/org/apache/maven/maven-embedder/3.8.7/maven-embedder-3.8.7.pom";

describe("pom.xml", () => {
  it("the project and its ${property} versions", () => {
    const pom = `<?xml version="1.0"?>
<!-- a comment <dependency> -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>2.0.0</version></parent>
  <artifactId>svc</artifactId>
  <properties><jackson.version>2.15.2</jackson.version><lib.v>\${jackson.version}</lib.v></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.7</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>\${lib.v}</version></dependency>
    <dependency><groupId>\${project.groupId}</groupId><artifactId>common</artifactId><version>\${project.version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
    <dependency><groupId>x</groupId><artifactId>from-bom</artifactId></dependency>
    <dependency><groupId>y</groupId><artifactId>unknown</artifactId><version>\${nope}</version></dependency>
  </dependencies>
</project>`;
    const r = parsePomXml(Buffer.from(pom), "/src/pom.xml");
    assert.deepEqual(r.packages.map((p) => `${p.name}@${p.version}:${p.direct ?? "-"}:${p.dev ?? "-"}`), [
      "com.acme:svc@2.0.0:-:-",
      "com.fasterxml.jackson.core:jackson-databind@2.15.2:true:false",
      "com.acme:common@2.0.0:true:false",
      "org.slf4j:slf4j-api@2.0.7:true:false",
      "junit:junit@4.13.2:true:true",
    ]);
    assert.equal(r.packages[1]?.purl, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2");
  });

  it("property cycles stay unresolved", () => {
    assert.equal(resolveProps("${a}", new Map([["a", "${b}"], ["b", "${a}"]])), undefined);
  });

  it("refuses entity declarations and reports broken XML naming the file", () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><project><artifactId>&x;</artifactId></project>';
    assert.match(parsePomXml(Buffer.from(xxe), "/a/pom.xml").warnings[0] ?? "", /\/a\/pom\.xml: invalid XML \(DOCTYPE with entity/);
    assert.match(parsePomXml(Buffer.from("<project><a></project>"), "/b/pom.xml").warnings[0] ?? "", /\/b\/pom\.xml/);
  });

  it("reads Debian's maven poms", { skip: !existsSync(mavenPom) && "libmaven3-core-java not installed" }, () => {
    const r = parsePomXml(readFileSync(mavenPom), mavenPom);
    assert.equal(r.warnings.length, 0);
    assert.equal(r.packages[0]?.name, "org.apache.maven:maven");
    const e = parsePomXml(readFileSync(embedderPom), embedderPom);
    assert.equal(e.packages[0]?.purl, "pkg:maven/org.apache.maven/maven-embedder@3.8.7");
    // Its dependencies get their versions from the parent pom: not resolvable from this file alone.
    assert.equal(e.packages.length, 1);
  });
});

describe("gradle.lockfile", () => {
  it("coordinates, configurations, test-only as dev", () => {
    const text = [
      "# This is a Gradle generated file for dependency locking.",
      "com.google.guava:guava:32.1.2-jre=compileClasspath,runtimeClasspath",
      "junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath",
      "org.hamcrest:hamcrest-core:1.3=testRuntimeClasspath",
      "empty=annotationProcessor",
    ].join("\n");
    const r = parseGradleLockfile(Buffer.from(text), "/gradle.lockfile");
    assert.deepEqual(r.packages.map((p) => `${p.purl}:${p.dev}`), [
      "pkg:maven/com.google.guava/guava@32.1.2-jre:false",
      "pkg:maven/junit/junit@4.13.2:true",
      "pkg:maven/org.hamcrest/hamcrest-core@1.3:true",
    ]);
  });
});
