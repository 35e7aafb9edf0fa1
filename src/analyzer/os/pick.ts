/**
 * OS of the merged image from the per-file answers the OS analyzer cached per layer (the merge step has
 * those, not the file contents). Same precedence as detectOS: /etc/os-release, /usr/lib/os-release, then
 * the release files in order; Alpine's patch release and Debian's missing number come from their own
 * files. End of life is recomputed against `now` (cached answers may be old).
 */
import type { OSInfo } from "../../model/package.js";
import { osPaths } from "./detect.js";
import { APK_REPOSITORIES } from "../../distro/alpine/repositories.js";
import { eolStatus } from "../../distro/eol.js";

export interface PickOptions {
  now?: Date;
  /** Paths of the merged view's dpkg databases: status.d without status marks a distroless image. */
  dpkgPaths?: Iterable<string>;
}

export function pickOS(entries: readonly { path: string; os: OSInfo }[], options: PickOptions = {}): OSInfo | undefined {
  const byPath = new Map(entries.map((e) => [e.path, e.os] as const));
  const first = osPaths.map((p) => byPath.get(p)).find((o) => o !== undefined);
  if (!first) return undefined;
  const os: OSInfo = { ...first };
  const alpine = byPath.get("/etc/alpine-release");
  if (os.family === "alpine" && alpine?.family === "alpine" && /^\d+\.\d+/.test(alpine.name)) os.name = alpine.name;
  const branch = byPath.get(APK_REPOSITORIES)?.name;
  delete os.repository;
  if (os.family === "alpine" && branch && branch !== os.name.split(".").slice(0, 2).join(".")) os.repository = branch;
  const debian = byPath.get("/etc/debian_version");
  if (os.family === "debian" && os.name === "" && debian?.family === "debian") {
    os.name = debian.name;
    os.codename ??= debian.codename;
  }
  const variant = os.family === "centos" && /stream/i.test(os.prettyName ?? "") ? "centos-stream" : undefined;
  const eol = os.name ? eolStatus(os.family, os.name, options.now ?? new Date(), variant) : undefined;
  delete os.eol;
  delete os.eolDate;
  if (eol) {
    os.eol = eol.eol;
    if (eol.eolDate) os.eolDate = eol.eolDate;
  }
  if (os.family === "debian" && distrolessLayout(options.dpkgPaths)) os.distroless = true;
  return os;
}

function distrolessLayout(paths: Iterable<string> | undefined): boolean {
  if (!paths) return false;
  let statusD = false;
  for (const p of paths) {
    if (p === "/var/lib/dpkg/status") return false;
    if (p.startsWith("/var/lib/dpkg/status.d/")) statusD = true;
  }
  return statusD;
}
