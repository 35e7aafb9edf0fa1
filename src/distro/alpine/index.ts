/**
 * Alpine: secdb per major.minor branch — the branch /etc/apk/repositories points at when it differs from
 * os-release (`edge`, a newer v3.X) — by origin (source) package, binary version (-rN included).
 */
import type { MatchedDistro } from "../types.js";
import { majorMinor } from "../helpers.js";
import { alpineEol } from "./eol.js";
import { ALPINE_RELEASE, alpineRelease, parseAlpineRelease, refineAlpine, refineAlpineAnswers } from "./release.js";
import { APK_REPOSITORIES, apkRepositoryBranch } from "./repositories.js";

export const alpine: MatchedDistro = {
  id: "alpine",
  families: [{
    id: "alpine",
    osReleaseIds: ["alpine"],
    aliases: ["alpinelinux"],
    eol: { key: "majorMinor", dates: alpineEol },
    refine: refineAlpine,
    refineAnswers: refineAlpineAnswers,
  }],
  packageType: "apk",
  scheme: "apk",
  releaseFiles: [{ path: ALPINE_RELEASE, parse: parseAlpineRelease }],
  hintFiles: [{
    path: APK_REPOSITORIES,
    parse: (text) => {
      const branch = apkRepositoryBranch(text);
      return branch ? { family: "alpine", name: branch } : undefined;
    },
  }],
  ecosystems: [{ osv: "Alpine", namespace: "alpine", release: (text) => ({ release: alpineRelease(text) }) }],
  namespaces: (os) => [`alpine:${os.repository ?? majorMinor(os.name)}`],
  names: (p) => [p.source?.name ?? p.name],
  version: (p) => p.version,
  vendorSources: ["alpine"],
};
