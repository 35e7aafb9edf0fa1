/** Ubuntu: the Ubuntu CVE Tracker and Ubuntu's OSV/VEX data by source package (binary names listed where the feed gives them). */
import type { MatchedDistro } from "../types.js";
import { sourceThenBinary } from "../helpers.js";
import { ubuntuEol } from "./eol.js";
import { parseLsbRelease, ubuntuCodenames, ubuntuOsvRelease } from "./release.js";

export const ubuntu: MatchedDistro = {
  id: "ubuntu",
  families: [{ id: "ubuntu", osReleaseIds: ["ubuntu"], eol: { key: "majorMinor", dates: ubuntuEol } }],
  packageType: "deb",
  scheme: "deb",
  releaseFiles: [{ path: "/etc/lsb-release", parse: parseLsbRelease }],
  codenames: ubuntuCodenames,
  ecosystems: [{ osv: "Ubuntu", namespace: "ubuntu", release: ubuntuOsvRelease, prefixes: ["ubuntu-pro"] }],
  namespaces: (os) => [`ubuntu:${os.name}`],
  names: sourceThenBinary,
  version: (p) => p.version,
  // The tracker (when built) before the OSV copy: it has the statuses OSV lacks (needs-triage, deferred…).
  vendorSources: ["ubuntu-tracker", "ubuntu"],
};
