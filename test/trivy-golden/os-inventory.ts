/**
 * An Inventory rebuilt from a Trivy image golden's own vulnerable packages (the images are not here):
 * OS packages with the golden's Metadata.OS, language packages by result type. Goldens list only the
 * vulnerable packages, so this checks matching, not inventory.
 */
import type { Inventory } from "../../src/model/inventory.js";
import type { OSInfo, Package, PackageType } from "../../src/model/package.js";
import { familyByName } from "../../src/distro/index.js";
import type { Golden, GoldenResult } from "./golden.js";

/**
 * Source packages of the binary packages in these goldens (Trivy's goldens do not print SrcName). Facts of
 * Debian/Ubuntu/Alpine packaging, not taken from the fixture database.
 */
const SOURCE_OF: Record<string, Record<string, string>> = {
  deb: {
    e2fslibs: "e2fsprogs", libcomerr2: "e2fsprogs", libss2: "e2fsprogs", "libcom-err2": "e2fsprogs", libext2fs2: "e2fsprogs",
    "libidn2-0": "libidn2", "libssl1.1": "openssl",
  },
  apk: { "libcrypto1.1": "openssl", "libssl1.1": "openssl", "musl-utils": "musl" },
  // Photon: curl-libs is built from curl.
  rpm: { "curl-libs": "curl" },
};

const OS_TYPE: Record<string, "deb" | "apk" | "rpm"> = {
  debian: "deb", ubuntu: "deb", alpine: "apk",
};

/** Trivy result types of language results → Dredge package types. */
const LANG_TYPE: Record<string, PackageType> = {
  "python-pkg": "pypi", gemspec: "gem", jar: "maven", cargo: "cargo", npm: "npm", gomod: "golang", composer: "composer", nuget: "nuget",
};

function rpmFields(v: string): Pick<Package, "version" | "release" | "epoch"> {
  const m = /^(?:(\d+):)?(.+)-([^-]+)$/.exec(v);
  if (!m) return { version: v };
  return { version: m[2]!, release: m[3]!, ...(m[1] && m[1] !== "0" ? { epoch: Number(m[1]) } : {}) };
}

function osPackage(type: "deb" | "apk" | "rpm", os: OSInfo, name: string, installed: string): Package {
  const src = SOURCE_OF[type]![name];
  const fields = type === "rpm" ? rpmFields(installed) : { version: installed };
  return {
    type, name, ...fields,
    purl: `pkg:${type}/${os.family}/${name}@${installed}`,
    ...(type !== "rpm" || src ? { source: { name: src ?? name, version: installed } } : {}),
    locations: [{ path: type === "deb" ? "/var/lib/dpkg/status" : type === "apk" ? "/lib/apk/db/installed" : "/var/lib/rpm" }],
  };
}

function langPackage(type: PackageType, result: GoldenResult, name: string, version: string): Package {
  return { type, name, version, purl: `pkg:${type}/${name}@${version}`, locations: [{ path: result.Target }] };
}

export function goldenInventory(g: Golden): Inventory {
  // Trivy's family names (`slem`) → Dredge's families (`sle-micro`).
  const os: OSInfo | undefined = g.Metadata?.OS ? { family: familyByName(g.Metadata.OS.Family) ?? g.Metadata.OS.Family, name: g.Metadata.OS.Name } : undefined;
  const packages = new Map<string, Package>();
  for (const r of g.Results ?? []) {
    for (const v of r.Vulnerabilities ?? []) {
      const key = `${r.Class}|${v.PkgName}|${v.InstalledVersion}`;
      if (packages.has(key)) continue;
      if (r.Class === "os-pkgs") {
        if (!os) throw new Error(`${g.ArtifactName}: OS packages without Metadata.OS`);
        packages.set(key, osPackage(OS_TYPE[os.family] ?? "rpm", os, v.PkgName, v.InstalledVersion));
      } else {
        const type = LANG_TYPE[r.Type ?? ""];
        if (!type) throw new Error(`${g.ArtifactName}: no Dredge package type for Trivy type ${r.Type}`);
        packages.set(key, langPackage(type, r, v.PkgName, v.InstalledVersion));
      }
    }
  }
  return {
    target: { name: g.ArtifactName, source: "docker-archive", repoTags: [], repoDigests: [] },
    ...(os ? { os } : {}),
    packages: [...packages.values()],
    layers: [],
    warnings: [],
  };
}
