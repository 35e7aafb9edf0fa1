/** The shapes of the one ecosystem map (./index.ts). */
import type { SchemeId } from "../versioning/types.js";

export interface EcosystemSpec {
  /** OSV's name for it (`PyPI`, `Rocky Linux`): the part of `affected[].package.ecosystem` before any `:`. */
  osv?: string;
  /** Other names it goes by (`pip`, `golang`, `suse linux enterprise`), lower case: scheme lookups only. */
  aliases?: readonly string[];
  /** The database namespace of its rows (a distro's: the prefix of `<prefix>:<release>`); absent: none stored. */
  namespace?: string;
  /** `dredge db build --source osv` fetches it (default: when it has an OSV name and a namespace). */
  fetch?: boolean;
}

export interface LanguageEcosystem extends EcosystemSpec {
  scheme: SchemeId;
}

/** A distribution's ecosystem; its scheme is the distro's (src/distro/<name>/index.ts). */
export interface DistroEcosystem extends EcosystemSpec {
  /**
   * OSV's release text (after `Debian:`) → the namespace's release (`bookworm` → `12`), optionally under
   * another prefix (`Pro:16.04:LTS` → `ubuntu-pro`). Default: the text in lower case.
   */
  release?(text: string): { release: string; prefix?: string } | undefined;
  /** Other prefixes its feeds write (`ubuntu-pro`): their rows live in this namespace's shard. */
  prefixes?: readonly string[];
}

/** One row of the map. */
export interface Ecosystem extends DistroEcosystem {
  scheme: SchemeId;
  /** Distro namespaces need a release (`debian:12`); language namespaces are bare (`npm`). */
  distro: boolean;
}
