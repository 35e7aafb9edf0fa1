/**
 * OS of the merged image from the per-file answers the OS analyzer cached per layer (the merge step has
 * those, not the file contents). Same precedence as detectOS: /etc/os-release, /usr/lib/os-release, then
 * the release files in order; a family's own files refine the answer (Alpine's patch release and
 * repository branch, Debian's missing number: src/distro/<name>/). End of life is recomputed against
 * `now` (cached answers may be old).
 */
import type { OSInfo } from "../../model/package.js";
import { familySpec } from "../../distro/index.js";
import { eolStatus } from "../../distro/eol.js";
import { isDistrolessLayout, osPaths, variantOf } from "./detect.js";

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
  const spec = familySpec(os.family);
  delete os.repository;
  spec?.refineAnswers?.(os, (p) => byPath.get(p));
  const variant = variantOf(spec, os.prettyName);
  const eol = os.name ? eolStatus(os.family, os.name, options.now ?? new Date(), variant) : undefined;
  delete os.eol;
  delete os.eolDate;
  if (eol) {
    os.eol = eol.eol;
    if (eol.eolDate) os.eolDate = eol.eolDate;
  }
  if (spec?.distroless && options.dpkgPaths && isDistrolessLayout(options.dpkgPaths)) os.distroless = true;
  return os;
}
