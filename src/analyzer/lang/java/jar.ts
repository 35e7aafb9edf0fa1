/**
 * Java archives (.jar .war .ear, nested BOOT-INF/lib, WEB-INF/lib … jars): `META-INF/maven/**\/pom.properties`
 * first (every one: shaded jars embed several), then MANIFEST.MF, then the file name (lower confidence).
 * Nesting depth, entry count and inflated bytes are bounded; going past a bound is a warning, not an error.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { dedupe } from "../types.js";
import { mavenPackage } from "./package.js";
import { parseManifest, pomCoordinates } from "./properties.js";
import { listEntries, readEntry, ZipLimitError, type ZipEntry } from "./zip.js";
import { pushAll } from "../../../util/array.js";

export interface JarLimits {
  /** Archives inside archives: 1 = jars inside the jar, not deeper. */
  maxDepth: number;
  maxEntries: number;
  /** Inflated size of one nested archive. */
  maxNestedBytes: number;
  /** Inflated bytes of all nested archives of one top-level file together. */
  maxTotalBytes: number;
  /** pom.properties / MANIFEST.MF size. */
  maxMetaBytes: number;
}

export const defaultJarLimits: JarLimits = {
  maxDepth: 2,
  maxEntries: 100_000,
  maxNestedBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxMetaBytes: 1024 * 1024,
};

export const isJavaArchivePath = (path: string): boolean => /\.(jar|war|ear|par|sar|jpi|hpi)$/i.test(path);

interface State { packages: Package[]; warnings: string[]; inflated: number; limits: JarLimits }

// Synchronous on purpose: the jar is in memory, and an event-loop turn per zip entry (yauzl) made a layer of
// Spring Boot jars (≈100,000 entries) cost seconds.
export async function parseJar(content: Buffer, path: string, limits: JarLimits = defaultJarLimits): Promise<ParseResult> {
  const st: State = { packages: [], warnings: [], inflated: 0, limits };
  scanArchive(content, path, 0, st);
  return Promise.resolve({ packages: dedupe(st.packages), warnings: st.warnings });
}

function scanArchive(buf: Buffer, location: string, depth: number, st: State): void {
  let entries: ZipEntry[];
  try {
    entries = listEntries(buf, st.limits.maxEntries);
  } catch (err) {
    const limit = err instanceof ZipLimitError;
    st.warnings.push(limit ? `${location}: ${err.message}` : `${location}: not a readable zip archive (${err instanceof Error ? err.message : String(err)})`);
    return;
  }
  try {
    pushAll(st.packages, identify(buf, entries, location, st));
    scanNested(buf, entries, location, depth, st);
  } catch (err) {
    st.warnings.push(`${location}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function identify(buf: Buffer, entries: ZipEntry[], location: string, st: State): Package[] {
  const out: Package[] = [];
  for (const e of entries.filter((x) => /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(x.fileName))) {
    const c = pomCoordinates(readEntry(buf, e, st.limits.maxMetaBytes).toString("utf8"));
    if (c) out.push(mavenPackage(c.group, c.artifact, c.version, location, { confidence: "high" }));
  }
  if (out.length > 0) return out;
  const mf = entries.find((x) => x.fileName === "META-INF/MANIFEST.MF");
  const manifest = mf ? parseManifest(readEntry(buf, mf, st.limits.maxMetaBytes).toString("utf8")) : undefined;
  const p = fromManifestAndName(manifest, location);
  return p ? [p] : [];
}

/** `guava-31.1-jre.jar` → guava, 31.1-jre; `gettext.jar` → gettext, no version. */
export function splitJarName(location: string): { artifact: string; version?: string } {
  const base = location.slice(location.lastIndexOf("/") + 1).replace(/\.[a-z]+$/i, "");
  const m = /^(.+?)-(\d[\w.+-]*)$/.exec(base);
  return m?.[1] && m[2] ? { artifact: m[1], version: m[2] } : { artifact: base };
}

function fromManifestAndName(manifest: Map<string, string> | undefined, location: string): Package | undefined {
  const { artifact, version: nameVersion } = splitJarName(location);
  const mfVersion = manifest?.get("Implementation-Version") ?? manifest?.get("Bundle-Version");
  const version = mfVersion ?? nameVersion;
  if (!version || !/^[A-Za-z0-9][\w.+-]{0,99}$/.test(version) || !/^[\w.-]{1,200}$/.test(artifact)) return undefined;
  // Without a group id, guess the artifact id (commons-io:commons-io, aopalliance:aopalliance): low confidence.
  const vendor = manifest?.get("Implementation-Vendor-Id");
  const group = vendor && /^[\w.-]{1,200}$/.test(vendor) ? vendor : artifact;
  const confidence = mfVersion && group !== artifact ? "medium" : "low";
  return mavenPackage(group, artifact, version, location, { confidence });
}

function scanNested(zip: Buffer, entries: ZipEntry[], location: string, depth: number, st: State): void {
  const nested = entries.filter((e) => isJavaArchivePath(e.fileName) && !e.fileName.endsWith("/"));
  if (nested.length === 0) return;
  if (depth >= st.limits.maxDepth) {
    st.warnings.push(`${location}: ${nested.length} nested archive(s) below the nesting limit of ${st.limits.maxDepth} not scanned`);
    return;
  }
  for (const e of nested) {
    const inner = `${location}!/${e.fileName}`;
    if (st.inflated + e.uncompressedSize > st.limits.maxTotalBytes) {
      st.warnings.push(`${inner}: not scanned, nested archives exceed ${st.limits.maxTotalBytes} inflated bytes in total`);
      return;
    }
    let buf: Buffer;
    try {
      buf = readEntry(zip, e, Math.min(st.limits.maxNestedBytes, st.limits.maxTotalBytes - st.inflated));
    } catch (err) {
      st.warnings.push(`${inner}: not scanned (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    st.inflated += buf.length;
    scanArchive(buf, inner, depth + 1, st);
  }
}
