/**
 * Small generated OCI archives with distinct digests for the server's load and fault tests: a shared
 * Debian base layer (os-release and a dpkg database) and one layer of its own per image, so the first
 * scan analyses the base and every other hits the shared layer cache.
 */
import { join } from "node:path";
import { debianOsRelease, dpkgStatus } from "../helpers/dpkg-rootfs.js";
import { writeOciArchive } from "../helpers/oci-writer.js";

export interface SmallImage {
  path: string;
  manifestDigest: string;
}

export async function writeSmallImages(dir: string, count: number, packages = 20): Promise<SmallImage[]> {
  const base = { entries: [{ path: "etc/os-release", content: debianOsRelease }, { path: "var/lib/dpkg/status", content: dpkgStatus(packages) }], createdBy: "base" };
  const out: SmallImage[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `small-${i}.oci.tar`);
    const written = await writeOciArchive(path, { layers: [base, { entries: [{ path: `srv/app-${i}.txt`, content: `app ${i}\n` }], createdBy: `COPY app-${i}` }] });
    out.push({ path, manifestDigest: written.manifestDigest });
  }
  return out;
}
