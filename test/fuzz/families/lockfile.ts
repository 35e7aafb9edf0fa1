/**
 * Lockfiles and build manifests of source trees (src/analyzer/lang/*): each pure parser, bytes in,
 * `{ packages, warnings }` out. Seeds: the real lockfiles under fixtures/pkgdb/lang and the Trivy repo
 * inputs; formats without a fixture get a small document written here.
 */
import { parsePackageLock } from "../../../src/analyzer/lang/npm/package-lock.js";
import { parseYarnLock } from "../../../src/analyzer/lang/npm/yarn-lock.js";
import { parsePnpmLock } from "../../../src/analyzer/lang/npm/pnpm-lock.js";
import { parseBunLock } from "../../../src/analyzer/lang/npm/bun-lock.js";
import { parseRequirements } from "../../../src/analyzer/lang/python/requirements.js";
import { parsePipfileLock } from "../../../src/analyzer/lang/python/pipfile-lock.js";
import { parsePoetryLock } from "../../../src/analyzer/lang/python/poetry-lock.js";
import { parseUvLock } from "../../../src/analyzer/lang/python/uv-lock.js";
import { parsePylock } from "../../../src/analyzer/lang/python/pylock.js";
import { parseGemfileLock } from "../../../src/analyzer/lang/ruby/gemfile-lock.js";
import { parseComposerLock } from "../../../src/analyzer/lang/php/composer.js";
import { parseGoMod } from "../../../src/analyzer/lang/golang/go-mod.js";
import { parseCargoLock } from "../../../src/analyzer/lang/rust/cargo-lock.js";
import { parsePomXml } from "../../../src/analyzer/lang/java/pom-xml.js";
import { parseGradleLockfile } from "../../../src/analyzer/lang/java/gradle-lockfile.js";
import { parseSbtLock } from "../../../src/analyzer/lang/scala/sbt-lock.js";
import { parsePackagesLock } from "../../../src/analyzer/lang/dotnet/nuget.js";
import { parsePackagesProps } from "../../../src/analyzer/lang/dotnet/packages-props.js";
import { parsePubspecLock } from "../../../src/analyzer/lang/dart/pubspec-lock.js";
import { parseMixLock } from "../../../src/analyzer/lang/elixir/mix-lock.js";
import { parseConanLock } from "../../../src/analyzer/lang/conan/conan-lock.js";
import { parsePackageResolved } from "../../../src/analyzer/lang/swift/package-resolved.js";
import { parsePodfileLock } from "../../../src/analyzer/lang/swift/podfile-lock.js";
import type { LangParser } from "../../../src/analyzer/lang/types.js";
import { parseResultProblem } from "../checks.js";
import { fixtureSeeds, text, withJsonCopies } from "../seeds.js";
import type { FuzzTarget } from "../target.js";

const repo = (rel: string): string => `golden/trivy/repo-inputs/${rel}`;
const lang = (rel: string): string => `pkgdb/lang/${rel}`;

/** A target for one pure language parser. */
export function langTarget(name: string, parse: LangParser, path: string, seeds: () => Buffer[], tokens: readonly string[] = []): FuzzTarget {
  return { name, seeds, tokens, run: (b) => parse(b, path), check: parseResultProblem };
}

const yamlTokens = ["&a ", "*a", "<<: *a", "!!binary ", "? ", "{toString: 1}", "[{toString: 1}]", "- [[{toString: 1}]]\n"];

const files = (...paths: string[]) => (): Buffer[] => fixtureSeeds(paths);

const pnpm = (): Buffer[] => [
  text("lockfileVersion: 5.4", "specifiers:", "  lodash: ^4.17.21", "dependencies:", "  lodash: 4.17.21", "packages:", "  /lodash/4.17.21:", "    resolution: {integrity: sha512-x}", "    dev: false", "  /@babel/core/7.1.0_abc:", "    dev: true"),
  text("lockfileVersion: '9.0'", "importers:", "  .:", "    dependencies:", "      react:", "        specifier: ^18", "        version: 18.2.0", "packages:", "  react@18.2.0:", "    resolution: {integrity: sha512-y}", "  '@types/node@20.1.0(typescript@5.0.0)':", "    resolution: {integrity: sha512-z}"),
];

const poetry = (): Buffer[] => [
  text('[[package]]', 'name = "requests"', 'version = "2.31.0"', 'category = "main"', "", "[[package]]", 'name = "pytest"', 'version = "7.4.0"', 'groups = ["dev"]', "", "[metadata]", 'lock-version = "2.0"'),
];

const pom = (): Buffer[] => [
  text(
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    "  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>1.0</version></parent>",
    "  <artifactId>app</artifactId>",
    "  <properties><jackson.version>2.15.2</jackson.version><lib>${jackson.version}</lib></properties>",
    "  <dependencyManagement><dependencies><dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency></dependencies></dependencyManagement>",
    "  <dependencies>",
    "    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${lib}</version></dependency>",
    "    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></dependency>",
    "    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>",
    "  </dependencies>",
    "  <!-- a comment --><![CDATA[ <x> ]]>",
    "</project>",
  ),
];

const gradle = (): Buffer[] => [
  text("# This is a Gradle generated file", "com.google.guava:guava:31.1-jre=compileClasspath,runtimeClasspath", "junit:junit:4.13.2=testCompileClasspath", "empty=annotationProcessor"),
];

const conan2 = text('{"version": "0.5", "requires": ["zlib/1.2.13#abc%1675000000.0", "openssl/3.1.0@user/stable"], "build_requires": ["cmake/3.27.0"]}');

const goModSum = fixtureSeeds([repo("gomod/submod/go.sum")])[0] ?? Buffer.alloc(0);
const goModOld = text("module example.com/app", "", "go 1.15", "", "require (", "\tgithub.com/a/b v1.2.3 // indirect", "\tgolang.org/x/text v0.3.0", ")", "replace github.com/a/b => github.com/c/d v1.0.0", "exclude golang.org/x/text v0.3.1");

export const lockfileTargets: FuzzTarget[] = [
  langTarget("lockfile/package-lock", parsePackageLock, "/app/package-lock.json", files(lang("npm/trivy-happy/package-lock.json"), lang("npm/syft-pkg-lock/package-lock.json"), lang("npm/syft-npm-lock/package-lock.json"))),
  langTarget("lockfile/yarn", parseYarnLock, "/app/yarn.lock", files(lang("yarn/syft-yarn-v1/yarn.lock"), lang("yarn/syft-yarn-berry/yarn.lock"), lang("yarn/trivy-happy/yarn.lock")), [...yamlTokens, "__metadata:\n", "  version ", "resolution: ", "@npm:"]),
  langTarget("lockfile/pnpm", parsePnpmLock, "/app/pnpm-lock.yaml", () => withJsonCopies(pnpm()), yamlTokens),
  langTarget("lockfile/bun", parseBunLock, "/app/bun.lock", files(repo("bun/bun.lock")), ["//", "/*", "*/", ",]", ",}"]),
  langTarget("lockfile/requirements", parseRequirements, "/app/requirements.txt", files(repo("pip/requirements.txt")), ["==", "===", "\\\n", " --hash=sha256:", "[extra]", ";"]),
  langTarget("lockfile/pipfile-lock", parsePipfileLock, "/app/Pipfile.lock", files(repo("trivy-ci-test/Pipfile.lock"))),
  langTarget("lockfile/poetry", parsePoetryLock, "/app/poetry.lock", poetry, ["[[package]]\n", '"""', "{toString = 1}", "groups = [{}]"]),
  langTarget("lockfile/uv", parseUvLock, "/app/uv.lock", files(repo("uv/uv.lock")), ["[[package]]\n", "{toString = 1}", 'source = { virtual = "." }']),
  langTarget("lockfile/pylock", parsePylock, "/app/pylock.toml", files(repo("pylock/pylock.toml")), ["[[packages]]\n", "{toString = 1}"]),
  langTarget("lockfile/gemfile-lock", parseGemfileLock, "/app/Gemfile.lock", files(lang("ruby/Gemfile.lock")), ["GEM\n", "    ", " (", ")\n", "DEPENDENCIES\n"]),
  langTarget("lockfile/composer-lock", parseComposerLock, "/app/composer.lock", files(lang("php/composer.lock"), lang("php/trivy-with-dev/composer.lock"), repo("composer/composer.lock"))),
  langTarget("lockfile/go-mod", (b, p) => parseGoMod(b, p, { content: goModSum, path: "/app/go.sum" }), "/app/go.mod", files(repo("gomod/go.mod"), repo("gomod/submod/go.mod"), repo("gomod/submod2/go.mod")), ["require (\n", "replace ", " => ", "// indirect", "go 1.15\n", "`"]),
  langTarget("lockfile/go-sum", (b, p) => parseGoMod(goModOld, "/app/go.mod", { content: b, path: p }), "/app/go.sum", files(repo("gomod/go.sum"), repo("gomod/submod/go.sum")), ["/go.mod", " h1:", " v0.0.0-20200101000000-abcdef123456", "+incompatible"]),
  langTarget("lockfile/cargo-lock", parseCargoLock, "/app/Cargo.lock", files(lang("rust/Cargo.lock"), lang("rust/image-audit/Cargo.lock"), repo("cargo/Cargo.lock")), ["[[package]]\n", "{toString = 1}", "dependencies = [{toString = 1}]"]),
  langTarget("lockfile/pom-xml", parsePomXml, "/app/pom.xml", pom, ["${", "}", "${lib}${lib}${lib}${lib}${lib}${lib}${lib}${lib}${lib}", "<properties>", "</properties>", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&#x", "<![CDATA["]),
  langTarget("lockfile/gradle-lockfile", parseGradleLockfile, "/app/gradle.lockfile", gradle),
  langTarget("lockfile/sbt-lock", parseSbtLock, "/app/build.sbt.lock", files(repo("sbt/build.sbt.lock"))),
  langTarget("lockfile/nuget-lock", parsePackagesLock, "/app/packages.lock.json", files(repo("nuget/packages.lock.json"))),
  langTarget("lockfile/packages-props", parsePackagesProps, "/app/Directory.Packages.props", files(repo("packagesprops/Directory.Packages.props")), ["<PackageVersion Include=", " Version=", "$(", "<!--", "-->"]),
  langTarget("lockfile/pubspec-lock", parsePubspecLock, "/app/pubspec.lock", () => withJsonCopies(files(repo("pubspec/pubspec.lock"))()), yamlTokens),
  langTarget("lockfile/mix-lock", parseMixLock, "/app/mix.lock", files(repo("mixlock/mix.lock")), ['{:hex, :', '"']),
  langTarget("lockfile/conan-lock", parseConanLock, "/app/conan.lock", () => [...fixtureSeeds([repo("conan/conan.lock")], 64 * 1024), conan2]),
  langTarget("lockfile/swift-resolved", parsePackageResolved, "/app/Package.resolved", files(repo("swift/Package.resolved"))),
  langTarget("lockfile/podfile-lock", parsePodfileLock, "/app/Podfile.lock", () => withJsonCopies(files(repo("cocoapods/Podfile.lock"))()), [...yamlTokens, "PODS:\n", "  - ", " (", ")", ":\n"]),
];
