/**
 * TARGET → image source. Explicit prefixes (`docker-archive:`, `oci:`, `oci-archive:`, `docker-daemon:`/
 * `daemon:`, `registry:`/`docker://`), else auto-detection: an OCI layout directory, an archive file
 * (peeked: manifest.json → docker archive, oci-layout + index.json → OCI archive), or a registry reference.
 */
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { DredgeError, errorMessage } from "../errors.js";
import { indexTarFile, sniffFile, type TarIndex } from "../util/tar-index.js";
import { streamTarNames } from "./archive/peek.js";
import { dockerArchiveSource } from "./archive/source.js";
import { daemonSource } from "./daemon/source.js";
import { ociArchiveSource, ociLayoutSource } from "./oci/source.js";
import { parseReference } from "./reference.js";
import type { RegistryOptions } from "./registry/index.js";
import type { ImageSource } from "./types.js";

export interface TargetOptions extends RegistryOptions {
  tmpDir: string;
  /** The engine socket (front ends pass DOCKER_HOST); default unix:///var/run/docker.sock. */
  dockerHost?: string;
  /** Tag to pick inside an archive or layout holding several images. */
  tag?: string;
  /** A gzipped archive is inflated to a temp file of at most this many bytes (--max-layer-bytes). */
  maxArchiveBytes?: number;
}

export type TargetKind = "docker-archive" | "oci-layout" | "oci-archive" | "daemon" | "registry";

export interface TargetSpec {
  kind: TargetKind;
  /** File or directory, for archives and layouts. */
  path?: string;
  /** Tag inside an archive/layout, image name in the engine, or the registry reference. */
  reference?: string;
  /** Whether the kind came from a prefix rather than detection. */
  explicit: boolean;
}

const FILE_PREFIXES: Record<string, TargetKind> = {
  "docker-archive:": "docker-archive",
  "oci:": "oci-layout",
  "oci-archive:": "oci-archive",
};
const NAME_PREFIXES: Record<string, TargetKind> = {
  "docker-daemon:": "daemon",
  "daemon:": "daemon",
  "registry:": "registry",
  "docker://": "registry",
};

/** What a TARGET names, without opening it (files are peeked). */
export async function detectTarget(target: string): Promise<TargetSpec> {
  const explicit = parsePrefix(target);
  if (explicit) {
    if (explicit.path !== undefined) await mustExist(explicit.path);
    return explicit;
  }
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) return { kind: layoutDir(target), path: target, explicit: false };
  if (info?.isFile()) {
    return { kind: await classifyFile(target), path: target, explicit: false };
  }
  return registrySpec(target);
}

/**
 * Cheap checks before any work (and before the database is touched): a local path exists and looks like an
 * image (a tar or gzip file, an OCI layout directory), a registry reference parses. Reads a file's first bytes
 * only; registries are not contacted.
 */
export async function checkImageTarget(target: string): Promise<void> {
  const spec = parsePrefix(target) ?? (await detectLocal(target));
  if (spec.path === undefined) return;
  await mustExist(spec.path);
  if (spec.kind !== "oci-layout") await checkArchiveFile(spec.path);
}

/** Whether TARGET names an image in a registry (detected as openImageTarget does; nothing is opened). */
export async function isRegistryTarget(target: string): Promise<boolean> {
  const explicit = parsePrefix(target);
  if (explicit) return explicit.kind === "registry";
  return !(await stat(target).then(() => true, () => false));
}

export async function openImageTarget(target: string, options: TargetOptions): Promise<ImageSource> {
  const spec = parsePrefix(target) ?? (await detectLocal(target));
  const tag = spec.reference ?? options.tag;
  switch (spec.kind) {
    case "registry": {
      // loaded lazily: local scans do not pay for the registry client
      const { registrySource } = await import("./registry/index.js");
      return registrySource(spec.reference ?? target, options);
    }
    case "daemon":
      return daemonSource(spec.reference ?? target, {
        tmpDir: options.tmpDir,
        dockerHost: options.dockerHost,
        signal: options.signal,
      });
    case "oci-layout":
      await mustExist(spec.path!);
      return ociLayoutSource(spec.path!, { tag });
    default:
      return openArchive(spec, tag, options);
  }
}

async function openArchive(spec: TargetSpec, tag: string | undefined, options: TargetOptions): Promise<ImageSource> {
  const path = spec.path!;
  await mustExist(path);
  await checkArchiveFile(path);
  const index = await indexTarFile(path, { tmpDir: options.tmpDir, signal: options.signal, maxBytes: options.maxArchiveBytes });
  try {
    const kind = classify(new Set(index.entries.keys()), path);
    if (spec.explicit && kind !== spec.kind) throw wrongKind(index, spec.kind, kind);
    return kind === "docker-archive" ? dockerArchiveSource(index, { tag }) : ociArchiveSource(index, { tag });
  } catch (err) {
    await index.close();
    throw err;
  }
}

function wrongKind(index: TarIndex, asked: TargetKind, found: TargetKind): DredgeError {
  const label = (k: TargetKind): string => (k === "docker-archive" ? "a docker archive" : "an OCI archive");
  return new DredgeError("INVALID_ARCHIVE", `${index.source}: expected ${label(asked)}, but this is ${label(found)}`, {
    hint: `use ${found}:${index.source}, or no prefix to detect the format`,
  });
}

/** Local-path detection for openImageTarget: files are classified later, from their index. */
async function detectLocal(target: string): Promise<TargetSpec> {
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) return { kind: layoutDir(target), path: target, explicit: false };
  if (info?.isFile()) return { kind: "docker-archive", path: target, explicit: false };
  return registrySpec(target);
}

export function parsePrefix(target: string): TargetSpec | undefined {
  for (const [prefix, kind] of Object.entries(NAME_PREFIXES)) {
    if (!target.startsWith(prefix)) continue;
    const rest = target.slice(prefix.length);
    if (!rest) throw new DredgeError("USAGE", `"${target}": missing image name after ${prefix}`);
    if (kind === "registry") parseReference(rest);
    return { kind, reference: rest, explicit: true };
  }
  for (const [prefix, kind] of Object.entries(FILE_PREFIXES)) {
    if (!target.startsWith(prefix)) continue;
    const rest = target.slice(prefix.length);
    if (!rest) throw new DredgeError("USAGE", `"${target}": missing path after ${prefix}`);
    return { kind, ...splitPathRef(rest), explicit: true };
  }
  return undefined;
}

/** `PATH[:REF]`: the longest existing prefix is the path; else split at the first colon. */
export function splitPathRef(rest: string): { path: string; reference?: string } {
  if (existsSync(rest)) return { path: rest };
  const colons = [...rest.matchAll(/:/g)].map((m) => m.index);
  for (const i of colons.slice().reverse()) {
    if (existsSync(rest.slice(0, i))) return withRef(rest.slice(0, i), rest.slice(i + 1));
  }
  const first = colons[0];
  return first === undefined ? { path: rest } : withRef(rest.slice(0, first), rest.slice(first + 1));
}

function withRef(path: string, reference: string): { path: string; reference?: string } {
  return reference ? { path, reference } : { path };
}

function layoutDir(dir: string): TargetKind {
  if (existsSync(join(dir, "oci-layout"))) return "oci-layout";
  throw new DredgeError("INVALID_ARCHIVE", `${dir} is a directory but not an OCI image layout (no oci-layout file)`, {
    hint: "point at an OCI layout (oci:DIR[:TAG]), a docker/OCI archive, or an image reference",
  });
}

async function mustExist(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (err) {
    throw notFound(path, err);
  }
}

function notFound(path: string, err?: unknown): DredgeError {
  return new DredgeError("IMAGE_NOT_FOUND", `no such file or directory: ${path}`, {
    cause: err,
    hint: "check the path; to scan an image from a registry, give its reference (e.g. alpine:3.20)",
  });
}

/** Plain tars are indexed (seeking over content); gzipped ones streamed until manifest.json shows up. */
async function classifyFile(path: string): Promise<TargetKind> {
  if ((await checkArchiveFile(path)) === "gzip") return classify(await streamTarNames(path, (n) => n.has("manifest.json")), path);
  const index = await indexTarFile(path);
  try {
    return classify(new Set(index.entries.keys()), path);
  } finally {
    await index.close();
  }
}

async function checkArchiveFile(path: string): Promise<"tar" | "gzip"> {
  let kind;
  try {
    kind = await sniffFile(path);
  } catch (err) {
    throw new DredgeError("IO_ERROR", `${path}: cannot read the file (${errorMessage(err)})`, { cause: err });
  }
  if (kind === "json") {
    throw new DredgeError("INVALID_ARCHIVE", `${path} is a JSON file, not an image archive`, {
      hint: "scanning SBOM files (CycloneDX, SPDX) is not supported by this command yet",
    });
  }
  if (kind !== "tar" && kind !== "gzip") {
    throw new DredgeError("INVALID_ARCHIVE", `${path} is not an image archive (not a tar or gzipped tar)`, {
      hint: "give a `docker save` archive, an OCI archive or layout, or an image reference",
    });
  }
  return kind;
}

function classify(names: ReadonlySet<string>, path: string): TargetKind {
  if (names.has("manifest.json")) return "docker-archive";
  if (names.has("oci-layout") && names.has("index.json")) return "oci-archive";
  const hint = names.has("oci-layout")
    ? "it has an oci-layout file but no index.json"
    : "an image archive has manifest.json (docker save) or oci-layout and index.json (OCI) at its top";
  throw new DredgeError("INVALID_ARCHIVE", `${path} is a tar archive but not a container image`, { hint });
}

function registrySpec(target: string): TargetSpec {
  const looksLikePath = (/^[./]/.test(target) && target.includes("/")) || /\.(tar|tgz|tar\.gz|json)$/.test(target);
  if (looksLikePath) throw notFound(target);
  parseReference(target);
  return { kind: "registry", reference: target, explicit: false };
}
