/**
 * The real test images built by ../shared/tools/make-test-images.sh (debootstrap bookworm in four layers,
 * archives in every format, a two-platform index, an rpm image, a layer without tar trailer).
 * Built once (cached in DREDGE_TEST_IMAGES, default /var/tmp/dredge-test-images); .ci/run builds them
 * before the tests. A test that needs them calls testImages(); test files running in parallel build them
 * once, under a lock (build-lock.ts), the others waiting. Their digests differ from machine to machine:
 * read them from the layout (oci-layout-reader.ts) or expected.json, never write them down.
 */
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { buildOnce } from "./build-lock.js";

export const sharedDir = resolve(import.meta.dirname, "../../../shared");
export const fixturesDir = join(sharedDir, "fixtures");

export interface TestImages {
  dir: string;
  oci: string;
  ociArchive: string;
  dockerArchive: string;
  dockerSaveV25: string;
  rootfs: string;
  multiOciArchive: string;
  rpmDockerArchive: string;
  expected: ExpectedJson;
}

export interface ExpectedJson {
  bookworm: {
    os: { id: string; version: string; codename: string };
    layers: number;
    dpkg: { name: string; version: string; arch: string; source: string; sourceVersion: string }[];
    npm: { name: string; version: string; path: string }[];
    python: { name: string; version: string; path: string }[];
    pythonOwnedByDpkg: { name: string; version: string; path: string; ownedBy: string }[];
    absent: { type: string; name: string; version: string; why: string }[];
  };
  "bookworm-arm64": { dpkgCount: number };
  "rocky9-rpm": { os: { id: string; version: string }; rpm: { name: string; version: string; arch: string }[] };
}

let cached: TestImages | undefined;

export function testImages(): TestImages {
  if (cached) return cached;
  const dir = process.env.DREDGE_TEST_IMAGES ?? "/var/tmp/dredge-test-images";
  buildOnce(dir, () => execFileSync("bash", [join(sharedDir, "tools/make-test-images.sh"), dir], { stdio: ["ignore", "ignore", "inherit"] }));
  cached = {
    dir,
    oci: join(dir, "oci"),
    ociArchive: join(dir, "bookworm.oci-archive.tar"),
    dockerArchive: join(dir, "bookworm.docker-archive.tar"),
    dockerSaveV25: join(dir, "bookworm.docker-save-v25.tar"),
    rootfs: join(dir, "bookworm.rootfs"),
    multiOciArchive: join(dir, "bookworm-multi.oci-archive.tar"),
    rpmDockerArchive: join(dir, "rocky9-rpm.docker-archive.tar"),
    expected: JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as ExpectedJson,
  };
  return cached;
}
