/** Packages found in an image or directory. Types only. */
import type { Digest } from "./image.js";

/** OS package managers and language ecosystems. */
export type PackageType =
  | "deb"
  | "apk"
  | "rpm"
  | "npm"
  | "pypi"
  | "gem"
  | "maven"
  | "golang"
  | "cargo"
  | "composer"
  | "nuget"
  | "hex"
  | "pub"
  | "conan"
  | "swift"
  | "cocoapods"
  | "binary";

export type PackageClass = "os" | "library";
export const packageClasses: readonly PackageClass[] = ["os", "library"];

/** Where a package was found. */
export interface Location {
  /** Absolute path inside the image (`/var/lib/dpkg/status`) or relative to a scanned directory. */
  path: string;
  /** Layer that holds this file, when scanning an image. */
  layer?: LayerOrigin;
}

export interface LayerOrigin {
  index: number;
  diffId: Digest;
  digest?: Digest;
  createdBy?: string;
}

export interface Package {
  type: PackageType;
  name: string;
  version: string;
  /** Epoch for rpm/deb when it is separate from version (deb keeps it inside version). */
  epoch?: number;
  /** Release (rpm) kept apart from version when the scheme has one. */
  release?: string;
  purl: string;
  /** Source package (deb Source:, rpm SOURCERPM, apk origin). */
  source?: { name: string; version: string; release?: string; epoch?: number };
  arch?: string;
  licenses?: string[];
  vendor?: string;
  maintainer?: string;
  /** rpm modularity label (`nodejs:18:…`). */
  modularityLabel?: string;
  /** Files owned by this package (OS packages), absolute paths. */
  files?: string[];
  /** Names of packages this one depends on, where known. */
  dependsOn?: string[];
  /** Direct dependency of the project (lockfiles), dev-only dependency. */
  direct?: boolean;
  dev?: boolean;
  /** Lower confidence identification (e.g. a jar named by its file name). */
  confidence?: "high" | "medium" | "low";
  locations: Location[];
  /** The layer that introduced this package at this version. */
  layer?: LayerOrigin;
}

/** The operating system of an image, from os-release and distro files. */
export interface OSInfo {
  /** Family id: debian, ubuntu, alpine, redhat, centos, rocky, alma, oracle, fedora, amazon, sles,
   * opensuse-leap, opensuse-tumbleweed, photon, cbl-mariner, azurelinux, wolfi, chainguard… (src/distro/),
   * or the os-release ID of an OS Dredge does not know. */
  family: string;
  /** Release as the distro's feeds name it (`12`, `3.16.2`, `8.6`, `2023`). */
  name: string;
  codename?: string;
  prettyName?: string;
  /** True when the release is past its end of life (advisories may be incomplete). */
  eol?: boolean;
  eolDate?: string;
  /** distroless images: Debian based, dpkg status.d only. */
  distroless?: boolean;
  /**
   * The release the package repositories point at, when it differs from `name` (Alpine: an image on 3.16
   * whose /etc/apk/repositories name `edge`): its packages' advisories are that release's.
   */
  repository?: string;
}
