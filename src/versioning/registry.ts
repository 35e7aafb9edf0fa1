/** Every version scheme, one line each (explicit: no registration by import side effect). */
import { apk } from "./apk/index.js";
import { composer } from "./composer/index.js";
import { deb } from "./deb/index.js";
import { gem } from "./gem/index.js";
import { generic } from "./generic/index.js";
import { go } from "./go/index.js";
import { maven } from "./maven/index.js";
import { nuget } from "./nuget/index.js";
import { pep440 } from "./pep440/index.js";
import { rpm } from "./rpm/index.js";
import { semver } from "./semver/index.js";
import type { SchemeId, VersionScheme } from "./types.js";

export const schemes: Readonly<Record<SchemeId, VersionScheme>> = {
  deb,
  rpm,
  apk,
  semver,
  pep440,
  maven,
  gem,
  go,
  nuget,
  composer,
  generic,
};

/** OSV / GHSA ecosystem names (and common aliases) → scheme. Distro ecosystems match on their prefix. */
const ECOSYSTEMS: Readonly<Record<string, SchemeId>> = {
  debian: "deb",
  ubuntu: "deb",
  alpine: "apk",
  wolfi: "apk",
  chainguard: "apk",
  "red hat": "rpm",
  redhat: "rpm",
  rocky: "rpm",
  "rocky linux": "rpm",
  almalinux: "rpm",
  alma: "rpm",
  centos: "rpm",
  fedora: "rpm",
  oracle: "rpm",
  "amazon linux": "rpm",
  amazon: "rpm",
  suse: "rpm",
  opensuse: "rpm",
  "suse linux enterprise": "rpm",
  mariner: "rpm",
  "azure linux": "rpm",
  photon: "rpm",
  mageia: "rpm",
  openeuler: "rpm",
  minimos: "apk",
  "photon os": "rpm",
  npm: "semver",
  "crates.io": "semver",
  cargo: "semver",
  hex: "semver",
  pub: "semver",
  pypi: "pep440",
  pip: "pep440",
  maven: "maven",
  rubygems: "gem",
  gem: "gem",
  go: "go",
  golang: "go",
  nuget: "nuget",
  packagist: "composer",
  composer: "composer",
};

/** The scheme for an OSV ecosystem such as `Debian:12`, `npm`, `PyPI`, `Alpine:v3.20`; generic otherwise. */
export function schemeIdForEcosystem(ecosystem: string): SchemeId {
  const base = ecosystem.split(":")[0]!.trim().toLowerCase();
  return ECOSYSTEMS[base] ?? "generic";
}
