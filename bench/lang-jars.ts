/**
 * Generated Spring-Boot-style fat jars: an outer jar (loader classes, BOOT-INF/classes, the app's own
 * META-INF/maven pom.properties) holding BOOT-INF/lib/*.jar stored uncompressed, as Spring Boot requires.
 * Inner jars come from a pool of library jars: most with META-INF/maven/**\/pom.properties, some shaded
 * (several pom.properties), some with only a MANIFEST.MF (found by manifest + file name), all with class files.
 */
import { makeZip, type ZipInput } from "../src/analyzer/lang/java/test-zip.js";
import type { LayerEntry } from "../test/helpers/oci-writer.js";
import { int, pick, slice, uniqueWord, type Rand } from "./lang-gen.js";

export interface FatJars {
  entries: LayerEntry[];
  /** Maven packages the jars hold (outer apps + every distinct coordinate of their inner jars). */
  packages: number;
  innerJars: number;
}

interface Library { file: string; jar: Buffer; packages: number }

const GROUPS = ["org.apache", "com.fasterxml", "io.netty", "org.springframework", "io.micrometer", "org.hibernate", "com.google", "org.slf4j", "ch.qos", "io.projectreactor"];

/** Bytes that look like a class file: magic, version, a constant pool of names, then code-like noise. */
function classFile(r: Rand, name: string, text: Buffer): Buffer {
  const noise = Buffer.alloc(int(r, 200, 1500));
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(r() * 256);
  const pool = `java/lang/Object\u0001${name}\u0001Ljava/lang/String;\u0001<init>\u0001()V\u0001Code\u0001LineNumberTable\u0001`;
  return Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61]), Buffer.from(pool), slice(r, text, 400, 4000), noise]);
}

function classes(r: Rand, pkgDir: string, count: number, text: Buffer): ZipInput[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${pkgDir}/${uniqueWord(i, 2).replace(/^./, (c) => c.toUpperCase())}${i}`;
    return { name: `${name}.class`, data: classFile(r, name, text), deflate: true };
  });
}

const pomProps = (g: string, a: string, v: string): ZipInput => ({
  name: `META-INF/maven/${g}/${a}/pom.properties`,
  data: Buffer.from(`#Created by Apache Maven 3.9.6\nartifactId=${a}\ngroupId=${g}\nversion=${v}\n`),
  deflate: true,
});

function library(r: Rand, index: number, text: Buffer): Library {
  const group = `${pick(r, GROUPS)}.${uniqueWord(index, 2)}`;
  const artifact = `${uniqueWord(index + 1000)}-${pick(r, ["core", "api", "common", "annotations", "impl"])}`;
  const version = r() < 0.2 ? `${int(r, 1, 6)}.${int(r, 0, 20)}.${int(r, 0, 9)}.RELEASE` : `${int(r, 1, 6)}.${int(r, 0, 20)}.${int(r, 0, 9)}`;
  const kind = r();
  const meta: ZipInput[] = [{ name: "META-INF/MANIFEST.MF", data: Buffer.from(`Manifest-Version: 1.0\nCreated-By: Maven JAR Plugin 3.3.0\nImplementation-Title: ${artifact}\nImplementation-Version: ${version}\nImplementation-Vendor-Id: ${group}\n\n`), deflate: true }];
  let packages = 1;
  if (kind >= 0.1) meta.push(pomProps(group, artifact, version));
  if (kind >= 0.95) {
    for (let s = 0; s < 2; s++) meta.push(pomProps(`${group}.shaded`, `${uniqueWord(index * 2 + s + 5000)}-shaded`, `${int(r, 1, 9)}.${int(r, 0, 9)}`));
    packages += 2;
  }
  const body = classes(r, group.replace(/\./g, "/"), int(r, 6, 30), text);
  return { file: `${artifact}-${version}.jar`, jar: makeZip([...meta, ...body]), packages };
}

function fatJar(r: Rand, index: number, pool: readonly Library[], loader: readonly ZipInput[], text: Buffer): { name: string; jar: Buffer; packages: number; inner: number } {
  const svc = `svc-${uniqueWord(index, 2)}`;
  const version = `1.${int(r, 0, 9)}.${int(r, 0, 20)}`;
  const libs = new Set<Library>();
  for (let n = int(r, 30, 80); libs.size < n; ) libs.add(pick(r, pool));
  const manifest = `Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.launch.JarLauncher\nStart-Class: com.example.${svc.replace(/-/g, "")}.Application\nSpring-Boot-Version: 3.2.5\nSpring-Boot-Classes: BOOT-INF/classes/\nSpring-Boot-Lib: BOOT-INF/lib/\nImplementation-Title: ${svc}\nImplementation-Version: ${version}\n\n`;
  const own = classes(r, `BOOT-INF/classes/com/example/${svc.replace(/-/g, "")}`, int(r, 20, 60), text);
  const inputs: ZipInput[] = [
    { name: "META-INF/MANIFEST.MF", data: Buffer.from(manifest), deflate: true },
    pomProps("com.example", svc, version),
    ...loader,
    { name: "BOOT-INF/classes/application.yml", data: Buffer.from(`spring:\n  application:\n    name: ${svc}\nserver:\n  port: 8080\n`), deflate: true },
    ...own,
    ...[...libs].map((l) => ({ name: `BOOT-INF/lib/${l.file}`, data: l.jar, deflate: false })),
    { name: "BOOT-INF/classpath.idx", data: Buffer.from([...libs].map((l) => `- "BOOT-INF/lib/${l.file}"\n`).join("")), deflate: true },
  ];
  const packages = 1 + [...libs].reduce((n, l) => n + l.packages, 0);
  return { name: `opt/services/${svc}/${svc}-${version}.jar`, jar: makeZip(inputs), packages, inner: libs.size };
}

export function fatJars(r: Rand, text: Buffer, count = 50, poolSize = 300): FatJars {
  const pool = Array.from({ length: poolSize }, (_, i) => library(r, i, text));
  const loader = classes(r, "org/springframework/boot/loader/launch", 25, text);
  const out: FatJars = { entries: [], packages: 0, innerJars: 0 };
  for (let i = 0; i < count; i++) {
    const f = fatJar(r, i, pool, loader, text);
    out.entries.push({ path: f.name, content: f.jar });
    out.packages += f.packages;
    out.innerJars += f.inner;
  }
  return out;
}
