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

/** OSV / GHSA ecosystem names → scheme: the one ecosystem map (src/ecosystem/). */
export { schemeIdForEcosystem } from "../ecosystem/index.js";
