/**
 * An AlmaLinux 9 root filesystem built for the test: /etc/os-release, a sqlite rpm database made by
 * Debian's `rpm`, and hand-built rpms (rpmbuild with a minimal spec, as make-test-images.sh does).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface TestRpm {
  name: string;
  epoch?: number;
  version: string;
  release: string;
  vendor: string;
}

/** `[epoch:]version-release` as the advisories write it. */
export const evr = (p: TestRpm): string => `${p.epoch !== undefined ? `${p.epoch}:` : ""}${p.version}-${p.release}`;

const OS_RELEASE = [
  'NAME="AlmaLinux"', 'VERSION="9.0 (Emerald Puma)"', 'ID="almalinux"', 'ID_LIKE="rhel centos fedora"',
  'VERSION_ID="9.0"', 'PLATFORM_ID="platform:el9"', 'PRETTY_NAME="AlmaLinux 9.0 (Emerald Puma)"', "",
].join("\n");

function spec(p: TestRpm): string {
  return [
    `Name: ${p.name}`, ...(p.epoch !== undefined ? [`Epoch: ${p.epoch}`] : []), `Version: ${p.version}`, `Release: ${p.release}`,
    `Vendor: ${p.vendor}`, `Summary: scanner test fixture (${p.name})`, "License: MIT",
    "%description", `Fake ${p.name} package for scanner tests.`,
    "%install", `mkdir -p %{buildroot}/usr/share/doc/${p.name}`, `echo "${p.name} ${evr(p)}" > %{buildroot}/usr/share/doc/${p.name}/README`,
    "%files", `/usr/share/doc/${p.name}/README`, "",
  ].join("\n");
}

/** Builds the rpms under `work/top` and installs them into `work/root`; returns the root. */
export function buildAlmaRootfs(work: string, rpms: readonly TestRpm[]): string {
  const top = join(work, "top");
  const root = join(work, "root");
  mkdirSync(join(top, "SPECS"), { recursive: true });
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/os-release"), OS_RELEASE);
  writeFileSync(join(root, "etc/redhat-release"), "AlmaLinux release 9.0 (Emerald Puma)\n");
  for (const p of rpms) {
    const file = join(top, "SPECS", `${p.name}.spec`);
    writeFileSync(file, spec(p));
    execFileSync("rpmbuild", ["--define", `_topdir ${top}`, "--target", "x86_64", "-bb", file], { stdio: ["ignore", "ignore", "pipe"] });
  }
  const built = readdirSync(join(top, "RPMS/x86_64")).map((f) => join(top, "RPMS/x86_64", f));
  const rpm = (...args: string[]) => execFileSync("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  rpm("--initdb");
  rpm("-i", "--force-debian", "--nodeps", "--noscripts", "--ignoreos", ...built);
  for (const f of ["rpmdb.sqlite-shm", "rpmdb.sqlite-wal", ".rpm.lock"]) rmSync(join(root, "var/lib/rpm", f), { force: true });
  return root;
}

/** A pip-installed distribution (dist-info METADATA) in the root, not owned by any rpm. */
export function addPythonDist(root: string, name: string, version: string): string {
  const dir = join(root, "usr/lib/python3.9/site-packages", `${name}-${version}.dist-info`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "METADATA"), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n\n`);
  return join(dir, "METADATA");
}
