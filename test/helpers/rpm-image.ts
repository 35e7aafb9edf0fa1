/**
 * An rpm-based image built in a test's own temp dir: hand-built rpms (rpmbuild with a minimal spec, named and
 * versioned like the distro's), installed by Debian's `rpm` into a fresh sqlite rpm database
 * (`rpm --dbpath … --initdb`), the distro's real /etc/os-release (or release file) text, written as one
 * OCI archive layer for `dredge image`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { writeOciArchive, type LayerEntry } from "./oci-writer.js";

export interface ImageRpm {
  name: string;
  epoch?: number;
  version: string;
  release: string;
  vendor: string;
  /** The source rpm's name when it differs (`curl-libs` from `curl`). */
  sourceName?: string;
}

export interface RpmImageSpec {
  /** Files to write as is, e.g. `{ "etc/os-release": "NAME=…" }`. */
  files: Record<string, string>;
  rpms: readonly ImageRpm[];
}

export const imageEvr = (p: ImageRpm): string => `${p.epoch !== undefined ? `${p.epoch}:` : ""}${p.version}-${p.release}`;

/** A minimal spec; with `sourceName`, the package is a sub-package of that source (its only built rpm). */
function spec(p: ImageRpm): string {
  const sub = p.sourceName ? ` -n ${p.name}` : "";
  return [
    `Name: ${p.sourceName ?? p.name}`, ...(p.epoch !== undefined ? [`Epoch: ${p.epoch}`] : []), `Version: ${p.version}`, `Release: ${p.release}`,
    `Vendor: ${p.vendor}`, `Summary: scanner test fixture (${p.name})`, "License: MIT",
    "%description", `Fake ${p.name} package for scanner tests.`,
    ...(sub ? [`%package${sub}`, `Summary: ${p.name}`, `%description${sub}`, `Fake ${p.name} sub-package.`] : []),
    "%install", `mkdir -p %{buildroot}/usr/share/doc/${p.name}`, `echo "${p.name} ${imageEvr(p)}" > %{buildroot}/usr/share/doc/${p.name}/README`,
    `%files${sub}`, `/usr/share/doc/${p.name}/README`, "",
  ].join("\n");
}

function rootEntries(root: string): LayerEntry[] {
  const out: LayerEntry[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const rel = relative(root, p);
      if (statSync(p).isDirectory()) {
        out.push({ path: rel, type: "directory" });
        walk(p);
      } else out.push({ path: rel, content: readFileSync(p) });
    }
  };
  walk(root);
  return out;
}

/** Builds the rootfs under `work` and writes `work/image.oci.tar`; returns the archive's path. */
export async function buildRpmImage(work: string, s: RpmImageSpec): Promise<string> {
  const top = join(work, "top");
  const root = join(work, "root");
  mkdirSync(join(top, "SPECS"), { recursive: true });
  for (const [path, text] of Object.entries(s.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const p of s.rpms) {
    const file = join(top, "SPECS", `${p.name}.spec`);
    writeFileSync(file, spec(p));
    execFileSync("rpmbuild", ["--define", `_topdir ${top}`, "--target", "x86_64", "-bb", file], { stdio: ["ignore", "ignore", "pipe"] });
  }
  const built = readdirSync(join(top, "RPMS/x86_64")).map((f) => join(top, "RPMS/x86_64", f));
  const rpm = (...args: string[]) => execFileSync("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  rpm("--initdb");
  rpm("-i", "--force-debian", "--nodeps", "--noscripts", "--ignoreos", ...built);
  for (const f of ["rpmdb.sqlite-shm", "rpmdb.sqlite-wal", ".rpm.lock"]) rmSync(join(root, "var/lib/rpm", f), { force: true });
  const archive = join(work, "image.oci.tar");
  await writeOciArchive(archive, { layers: [{ entries: rootEntries(root), createdBy: "rpm --initdb && rpm -i (sqlite rpmdb)" }] });
  return archive;
}
