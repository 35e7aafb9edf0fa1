/** Debian: the security tracker by source package and source version (binNMUs share the source's fix). */
import type { MatchedDistro } from "../types.js";
import { major } from "../helpers.js";
import { debianEol } from "./eol.js";
import {
  DEBIAN_VERSION, debianCodenames, debianFeedRelease, debianRelease, parseDebianVersionFacts, refineDebian, refineDebianAnswers,
} from "./release.js";

export const debian: MatchedDistro = {
  id: "debian",
  families: [{
    id: "debian",
    osReleaseIds: ["debian"],
    eol: { key: "major", dates: debianEol },
    release: debianFeedRelease,
    distroless: true,
    refine: refineDebian,
    refineAnswers: refineDebianAnswers,
  }],
  packageType: "deb",
  scheme: "deb",
  // Ubuntu images have a debian_version too: tried last.
  releaseFiles: [{ path: DEBIAN_VERSION, parse: parseDebianVersionFacts, shared: true }],
  codenames: debianCodenames,
  ecosystems: [{ osv: "Debian", namespace: "debian", release: (text) => ({ release: debianRelease(text) }) }],
  namespaces: (os) => [`debian:${major(os.name)}`],
  names: (p) => [p.source?.name ?? p.name],
  version: (p) => p.source?.version ?? p.version,
  vendorSources: ["debian"],
};
