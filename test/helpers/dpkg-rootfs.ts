/** Generated Debian root filesystems for tests: an os-release and a dpkg status database of N packages. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A dpkg status database of `n` installed packages `p0`…`p{n-1}`, version `1.<i>`. */
export function dpkgStatus(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`Package: p${i}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.${i}\n`);
  return parts.join("\n");
}

export const debianOsRelease = 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n';

/** Writes etc/os-release and var/lib/dpkg/status (`n` packages) under `dir`. */
export function writeDebianRootfs(dir: string, n: number): void {
  mkdirSync(join(dir, "etc"), { recursive: true });
  mkdirSync(join(dir, "var/lib/dpkg"), { recursive: true });
  writeFileSync(join(dir, "etc/os-release"), debianOsRelease);
  writeFileSync(join(dir, "var/lib/dpkg/status"), dpkgStatus(n));
}
