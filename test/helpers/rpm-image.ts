/**
 * A one-layer image of an rpm distro, built in a test's own temp dir from real package metadata: hand-built
 * rpms (rpmbuild with a minimal spec, named and versioned like the distro's, optionally a sub-package of a
 * differently named source rpm), installed with Debian's `rpm` into a fresh sqlite rpm database
 * (`rpm --dbpath … --initdb`), the distro's real /etc/os-release (or release file) text, written as an OCI
 * archive (./oci-writer.ts) for `dredge image`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { writeOciArchive, type LayerEntry } from "./oci-writer.js";

export interface BuiltRpm {
  name: string;
  epoch?: number;
  version: string;
  release: string;
  vendor: string;
  /** `x86_64` (default), `aarch64`, `noarch`. */
  arch?: string;
  modularityLabel?: string;
  /** The source rpm's name when it differs (`curl-libs` from `curl`): the package is built as its sub-package. */
  sourceName?: string;
}

export interface RpmImageSpec {
  /** Files of the image besides the rpm database: `/etc/os-release` at least. */
  files: Record<string, string>;
  rpms: readonly BuiltRpm[];
}

/** `[epoch:]version-release` as an rpm database states it. */
export const rpmEvr = (p: BuiltRpm): string => `${p.epoch !== undefined ? `${p.epoch}:` : ""}${p.version}-${p.release}`;

/** A minimal spec; with `sourceName`, the package is a sub-package of that source (its only built rpm). */
function spec(p: BuiltRpm): string {
  const sub = p.sourceName ? ` -n ${p.name}` : "";
  return [
    `Name: ${p.sourceName ?? p.name}`, ...(p.epoch !== undefined ? [`Epoch: ${p.epoch}`] : []), `Version: ${p.version}`, `Release: ${p.release}`,
    `Vendor: ${p.vendor}`, ...(p.modularityLabel ? [`ModularityLabel: ${p.modularityLabel}`] : []),
    `Summary: scanner test fixture (${p.name})`, "License: MIT", ...(p.arch === "noarch" ? ["BuildArch: noarch"] : []),
    "%description", `Fake ${p.name} package for scanner tests.`,
    ...(sub ? [`%package${sub}`, `Summary: ${p.name}`, `%description${sub}`, `Fake ${p.name} sub-package.`] : []),
    "%install", `mkdir -p %{buildroot}/usr/share/doc/${p.name}`, `echo "${p.name} ${rpmEvr(p)}" > %{buildroot}/usr/share/doc/${p.name}/README`,
    `%files${sub}`, `/usr/share/doc/${p.name}/README`, "",
  ].join("\n");
}

/** Builds the rpms under `work/top` and installs them into `work/root`; returns the root. */
export function buildRpmRootfs(work: string, image: RpmImageSpec): string {
  const top = join(work, "top");
  const root = join(work, "root");
  mkdirSync(join(top, "SPECS"), { recursive: true });
  for (const [path, text] of Object.entries(image.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const built: string[] = [];
  for (const [i, p] of image.rpms.entries()) {
    const file = join(top, "SPECS", `${i}-${p.name}.spec`);
    writeFileSync(file, spec(p));
    const target = p.arch ?? "x86_64";
    execFileSync("rpmbuild", ["--define", `_topdir ${top}`, "--target", target === "noarch" ? "x86_64" : target, "-bb", file], { stdio: ["ignore", "ignore", "pipe"] });
    const dir = join(top, "RPMS", target);
    const name = `${p.name}-${p.version}-${p.release}.${target}.rpm`;
    built.push(join(dir, readdirSync(dir).find((f) => f === name) ?? name));
  }
  const rpm = (...args: string[]) => execFileSync("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  rpm("--initdb");
  rpm("-i", "--force-debian", "--nodeps", "--noscripts", "--ignoreos", "--ignorearch", ...built);
  for (const f of ["rpmdb.sqlite-shm", "rpmdb.sqlite-wal", ".rpm.lock"]) rmSync(join(root, "var/lib/rpm", f), { force: true });
  return root;
}

function entriesOf(root: string): LayerEntry[] {
  const out: LayerEntry[] = [];
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = join(e.parentPath, e.name);
    const path = relative(root, full);
    if (e.isDirectory()) out.push({ path, type: "directory" });
    else if (e.isFile()) out.push({ path, content: readFileSync(full), mode: statSync(full).mode & 0o7777 });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** The rootfs (./buildRpmRootfs) as a one-layer OCI archive `work/image.oci.tar`; returns its path. */
export async function buildRpmImage(work: string, image: RpmImageSpec): Promise<string> {
  const root = buildRpmRootfs(work, image);
  const file = join(work, "image.oci.tar");
  await writeOciArchive(file, { layers: [{ entries: entriesOf(root), createdBy: "rpm --initdb && rpm -i (sqlite rpmdb, hand-built rpms)" }] });
  return file;
}
