/**
 * Installed language packages in images: package.json, Python METADATA, gemspecs, .NET deps.json,
 * Composer's installed.json, Java archives (the in-memory zip reader, nested jars), Go build info in ELF
 * binaries and cargo-auditable sections. Seeds: real files from the fixtures where they exist; archives
 * and binaries are built here with the project's own test writers (small zips and ELF files).
 */
import { deflateSync } from "node:zlib";
import { parsePackageJson } from "../../../src/analyzer/lang/npm/package-json.js";
import { parsePythonMetadata } from "../../../src/analyzer/lang/python/metadata.js";
import { parseGemspec } from "../../../src/analyzer/lang/ruby/gemspec.js";
import { parseDepsJson } from "../../../src/analyzer/lang/dotnet/nuget.js";
import { parseInstalledJson } from "../../../src/analyzer/lang/php/composer.js";
import { parseJar } from "../../../src/analyzer/lang/java/jar.js";
import { makeZip } from "../../../src/analyzer/lang/java/test-zip.js";
import { parseGoBinary } from "../../../src/analyzer/lang/golang/go-binary.js";
import { parseAuditableBinary } from "../../../src/analyzer/lang/rust/auditable.js";
import { ELF_BASE, makeElf } from "../../../src/analyzer/lang/test-elf.js";
import { fixtureFiles, fixtureSeeds, text } from "../seeds.js";
import { langTarget } from "./lockfile.js";
import { identity, type Encoder, type FuzzTarget } from "../target.js";

const gemspec = text(
  "# -*- encoding: utf-8 -*-",
  "# stub: rake 13.0.6 ruby lib",
  "",
  "Gem::Specification.new do |s|",
  '  s.name = "rake".freeze',
  '  s.version = "13.0.6"',
  '  s.licenses = ["MIT".freeze, %q{Ruby}]',
  '  s.summary = "Rake is a Make-like program implemented in Ruby".freeze',
  "end",
);

const depsJson = text(
  JSON.stringify({
    runtimeTarget: { name: ".NETCoreApp,Version=v8.0" },
    targets: { ".NETCoreApp,Version=v8.0": { "app/1.0.0": { dependencies: { "Newtonsoft.Json": "13.0.1" } } } },
    libraries: { "app/1.0.0": { type: "project" }, "Newtonsoft.Json/13.0.1": { type: "package", sha512: "x" }, "System.Text.Json/8.0.0": { type: "package" } },
  }, null, 1),
);

const manifest = Buffer.from("Manifest-Version: 1.0\r\nImplementation-Title: inner\r\nImplementation-Version: 2.1\r\nImplementation-Vendor-Id: org.example\r\n long-continuation\r\n\r\n");
const pomPropsPath = "META-INF/maven/org.apache.directory.api/api-all/pom.properties";

/** Whole jars (mutated as zips), and their metadata files as text (put into a jar by an encoder). */
function jarSeeds(): Buffer[] {
  const [pomProps = Buffer.alloc(0)] = fixtureSeeds(["pkgdb/lang/java/api-all-2.0.0/pom.properties"]);
  const inner = makeZip([{ name: "META-INF/MANIFEST.MF", data: manifest, deflate: true }]);
  return [
    pomProps,
    manifest,
    makeZip([
      { name: "META-INF/MANIFEST.MF", data: manifest },
      { name: pomPropsPath, data: pomProps, deflate: true },
      { name: "BOOT-INF/lib/inner-2.1.jar", data: inner },
      { name: "BOOT-INF/lib/deflated-1.0.jar", data: inner, deflate: true },
    ]),
    makeZip([{ name: "META-INF/MANIFEST.MF", data: manifest, deflate: true }, { name: "com/example/A.class", data: Buffer.alloc(64, 0xca) }]),
  ];
}

const jarEncoders: Encoder[] = [
  identity,
  { name: "pom.properties of a jar", encode: (b) => makeZip([{ name: pomPropsPath, data: b, deflate: true }]) },
  { name: "MANIFEST.MF of a jar", encode: (b) => makeZip([{ name: "META-INF/MANIFEST.MF", data: b }]) },
  { name: "MANIFEST.MF of a nested jar", encode: (b) => makeZip([{ name: "WEB-INF/lib/x-1.0.jar", data: makeZip([{ name: "META-INF/MANIFEST.MF", data: b, deflate: true }]) }]) },
];

const modinfo = Buffer.from(["path\texample.com/hello", "mod\texample.com/hello\t(devel)\t", "dep\texample.com/greet\tv1.2.3\th1:abc=", "dep\texample.com/old\tv1.0.0", "=>\texample.com/new\tv0.9.0\th1:def=", ""].join("\n"));
const sentinel = Buffer.alloc(16, 0x30);
const framed = (info: Buffer): Buffer => Buffer.concat([sentinel, info, sentinel]);
const modBytes = framed(modinfo);
const goVersion = Buffer.from("go1.22.5");

function uvarint(n: number): Buffer {
  const out: number[] = [];
  for (let v = n; ; v = Math.floor(v / 128)) {
    out.push(v >= 128 ? (v % 128) | 0x80 : v);
    if (v < 128) return Buffer.from(out);
  }
}

const magic = Buffer.from("\xff Go buildinf:", "latin1");

/** Go ≥ 1.18: inline varint-prefixed strings. */
function goInline(mod: Buffer): Buffer {
  const data = Buffer.concat([magic, Buffer.from([8, 2]), Buffer.alloc(16), uvarint(goVersion.length), goVersion, uvarint(mod.length), mod]);
  return makeElf({ sections: [{ name: ".go.buildinfo", size: data.length, data: () => data }] });
}

/** Go < 1.18: pointers to string headers in another section (big-endian too). */
function goPointers(bigEndian: boolean): Buffer {
  const strings = Buffer.concat([goVersion, modBytes]);
  const rodata = (off: (n: string) => number): Buffer => {
    const b = Buffer.alloc(32 + strings.length);
    const base = ELF_BASE + BigInt(off(".rodata"));
    const w = (at: number, v: bigint): number => (bigEndian ? b.writeBigUInt64BE(v, at) : b.writeBigUInt64LE(v, at));
    w(0, base + 32n);
    w(8, BigInt(goVersion.length));
    w(16, base + 32n + BigInt(goVersion.length));
    w(24, BigInt(modBytes.length));
    strings.copy(b, 32);
    return b;
  };
  const info = (off: (n: string) => number): Buffer => {
    const b = Buffer.concat([magic, Buffer.from([8, bigEndian ? 1 : 0]), Buffer.alloc(16)]);
    const base = ELF_BASE + BigInt(off(".rodata"));
    if (bigEndian) {
      b.writeBigUInt64BE(base, 16);
      b.writeBigUInt64BE(base + 16n, 24);
    } else {
      b.writeBigUInt64LE(base, 16);
      b.writeBigUInt64LE(base + 16n, 24);
    }
    return b;
  };
  return makeElf({ bigEndian, sections: [{ name: ".go.buildinfo", size: 32, data: info }, { name: ".rodata", size: 32 + strings.length, data: rodata }] });
}

const depSection = (json: Buffer): Buffer => {
  const data = deflateSync(json);
  return makeElf({ sections: [{ name: ".dep-v0", size: data.length, data: () => data }] });
};

/** A binary, and its dependency JSON as text (put into a binary by an encoder). */
function auditable(): Buffer[] {
  // The shape auditable-serde writes: dependencies are indexes into `packages`, the root is flagged.
  const packages = [
    { name: "tool", version: "2.3.0", source: "local", dependencies: [1, 2, 3], root: true },
    { name: "serde", version: "1.0.200", source: "crates.io", dependencies: [2] },
    { name: "serde_derive", version: "1.0.200", source: "crates.io", kind: "build" },
    { name: "libc", version: "0.2.155", source: "crates.io" },
  ];
  const json = Buffer.from(JSON.stringify({ packages }));
  return [depSection(json), json];
}

const elfTokens = ["\x7fELF", "\xff Go buildinf:", ".go.buildinfo", ".dep-v0", "\x78\x9c"];

export const installedTargets: FuzzTarget[] = [
  langTarget("installed/package-json", parsePackageJson, "/app/node_modules/pkg/package.json", () => fixtureSeeds(fixtureFiles("golden/trivy/repo-inputs/npm/node_modules", /^package\.json$/, 6))),
  langTarget("installed/python-metadata", parsePythonMetadata, "/usr/lib/python3/site-packages/x-1.0.dist-info/METADATA", () => fixtureSeeds(fixtureFiles("pkgdb/lang/python", /^(METADATA|PKG-INFO)$/, 8)), ["Name: ", "Version: ", "License: ", "Classifier: License :: ", "\n "]),
  langTarget("installed/gemspec", parseGemspec, "/usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec", () => [gemspec], ["s.name = ", "s.version = ", "%q{", "%Q<", "Gem::Version.new(", ".freeze", "do |s|"]),
  langTarget("installed/deps-json", parseDepsJson, "/app/app.deps.json", () => [depsJson]),
  langTarget("installed/composer-installed", parseInstalledJson, "/app/vendor/composer/installed.json", () => fixtureSeeds(["golden/trivy/repo-inputs/composer-vendor/installed.json"])),
  {
    ...langTarget("installed/jar", parseJar, "/app/app-1.0.jar", jarSeeds, ["PK\x03\x04", "PK\x01\x02", "PK\x05\x06", "PK\x06\x06", "PK\x06\x07", ".jar", "Implementation-Version: ", "groupId=", "version="]),
    encoders: jarEncoders,
  },
  {
    ...langTarget("installed/go-binary", parseGoBinary, "/usr/local/bin/hello", () => [goInline(modBytes), goPointers(false), goPointers(true), modinfo], [...elfTokens, "\ndep\t", "\n=>\t", "\t"]),
    encoders: [identity, { name: "module info in inline build info", encode: (b) => goInline(framed(b)) }],
  },
  {
    ...langTarget("installed/cargo-auditable", parseAuditableBinary, "/usr/local/bin/hello", auditable, elfTokens),
    encoders: [identity, { name: ".dep-v0 section of an ELF", encode: depSection }],
  },
];
