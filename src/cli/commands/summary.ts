/**
 * What the root's help says of each top-level command, in the order it lists them. Light on purpose: `dredge
 * --help` (and `dredge`, `dredge help`) is built from this alone, without importing any command module
 * (main.ts). Each command module takes its description from here; a test checks that this help equals the
 * whole program's (src/cli/main.test.ts), so a changed argument or option shows up there.
 */
export interface CommandSummary {
  /** Commander's term for the command in the list: name, `[options]` when it has some, its arguments. */
  term: string;
  description: string;
}

export const commandSummaries = {
  image: { term: "image [options] [target]", description: "scan an image (registry, archive, OCI layout, engine) or an SBOM file for vulnerabilities" },
  fs: { term: "fs [options] <dir>", description: "scan a project directory (lockfiles, manifests) for vulnerabilities" },
  rootfs: { term: "rootfs [options] <dir>", description: "scan a root filesystem directory for vulnerabilities" },
  config: { term: "config [options] [path]", description: "find misconfigurations in Dockerfiles and Kubernetes manifests" },
  inspect: { term: "inspect [options] <target>", description: "show an image's reference, digests, platform, layers, history, config and file count" },
  sbom: { term: "sbom [options] <target>", description: "write an SBOM (CycloneDX 1.6 JSON or SPDX 2.3 JSON) of an image or directory" },
  attach: {
    term: "attach [options] <image>",
    description: "push the image's SBOM and/or vulnerability report to its registry as OCI 1.1 referrers of the image (referrers API, or the sha256-<digest> tag schema where the registry has none)",
  },
  diff: { term: "diff [options] <old> <new>", description: "compare two images, SBOMs or JSON reports: packages added, removed and changed; vulnerabilities new and resolved" },
  policy: { term: "policy", description: "check, try and import policy files (docs/policy.md)" },
  db: { term: "db", description: "build, download, publish and inspect the vulnerability database" },
  cache: { term: "cache", description: "manage the cache directory" },
  server: { term: "server [options]", description: "run the scanning service: HTTP API, web dashboard (/ui/), catalog, queue and workers" },
  worker: { term: "worker [options]", description: "run scan workers only, on the shared PostgreSQL database of dredge server" },
  admission: { term: "admission", description: "Kubernetes admission webhook (dredge server --admission-listen; docs/server.md)" },
} as const satisfies Record<string, CommandSummary>;

export type CommandName = keyof typeof commandSummaries;

/** The description of a top-level command, for its module's `.description(…)`. */
export const commandDescription = (name: CommandName): string => commandSummaries[name].description;
