/** Settings of the scan commands (image, fs, rootfs). */
import { findingStatuses } from "../model/finding.js";
import { packageClasses } from "../model/package.js";
import { groupings } from "../report/types.js";
import { sortOrders } from "../scan/filter.js";
import { sbomSources } from "../scan/options.js";
import { scannerNames } from "../scan/scanners.js";
import { scanDbSettings } from "./db-settings.js";
import { globalSettings, imageSettings, setting, type SettingSpec } from "./settings.js";

const s = setting;

/** --skip-dirs / --skip-files (scans and `dredge sbom`). */
export const skipSettings: readonly SettingSpec[] = [
  s("skipDirs", "--skip-dirs <globs>", "list", "directories to leave out: globs, comma-separated or repeated (e.g. **/node_modules,/usr/lib/ruby)"),
  s("skipFiles", "--skip-files <globs>", "list", "files to leave out: globs, comma-separated or repeated (e.g. **/*.jar)"),
];

/** --policy and its gate (scans, `dredge policy test`). */
export const policySettings: readonly SettingSpec[] = [
  s("policy", "--policy <file>", "string", "evaluate this policy file (dredge-policy.yaml, docs/policy.md): its verdict in the table, json, sarif, junit and markdown reports; STOP fails the run"),
  s("policyExitCode", "--policy-exit-code <n>", "integer", "exit with this code (0-255) when the policy says STOP (or WARN with --fail-on-warn)"),
  s("failOnWarn", "--fail-on-warn", "boolean", "a policy WARN fails the run too (by default only STOP does)"),
];

const ownSettings: readonly SettingSpec[] = [
  s("severity", "--severity <list>", "list", "severities to report, comma-separated"),
  s("exitCode", "--exit-code <n>", "integer", "exit with this code (0-255) when findings remain after every filter"),
  ...policySettings,
  s("ignoreUnfixed", "--ignore-unfixed", "boolean", "hide vulnerabilities that no version fixes yet"),
  s("ignoreStatus", "--ignore-status <list>", "list", `hide these statuses: ${findingStatuses.join(",")}`),
  s("vulnSeveritySource", "--vuln-severity-source <list>", "list", "whose severity wins, in order: e.g. ubuntu,nvd,auto (auto: the distro's own rating for OS packages, GHSA then NVD for libraries)"),
  s("includeDevDeps", "--include-dev-deps", "boolean", "show the vulnerabilities of dev-only lockfile packages (devDependencies, dev groups) and count them for --exit-code; by default they are hidden (the packages stay in SBOMs)"),
  s("pkgTypes", "--pkg-types <list>", "list", `package classes to scan: ${packageClasses.join(",")}`),
  s("ignorefile", "--ignorefile <file>", "string", "ignore file (plain IDs or YAML; default .dredgeignore if present)"),
  s("vex", "--vex <files>", "list", "OpenVEX or CycloneDX VEX documents, comma-separated or repeated"),
  s("showSuppressed", "--show-suppressed", "boolean", "list suppressed findings (marked) in the report"),
  s("listAllPkgs", "--list-all-pkgs", "boolean", "json output: list every package of each target, with or without findings (cyclonedx and spdx-json always do)"),
  s("sort", "--sort <order>", "string", `order of findings: ${sortOrders.join(", ")}`),
  s("groupBy", "--group-by <what>", "string", `table output: per ${groupings.join(" or ")}`),
  s("baseImage", "--base-image <ref>", "string", "the base image, to tell base-layer findings from the layers added on top and name it (and newer tags of its line) in the advice"),
  ...skipSettings,
  s("scanners", "--scanners <list>", "list", `what to look for: ${scannerNames.join(",")}`),
];

/** Client mode: match on a Dredge server instead of a local database. */
export const clientSettings: readonly SettingSpec[] = [
  s("server", "--server <url>", "string", "client mode: analyse here, match on this Dredge server (dredge server); no local vulnerability database is used"),
  s("token", "--token <token>", "string", "API token for --server (role scanner; prefer DREDGE_TOKEN)"),
  s("serverCaFile", "--server-ca-file <file>", "string", "PEM file of CA certificates to trust for an https --server, besides the system's (a private CA)"),
  s("serverInsecure", "--server-insecure", "boolean", "do not verify the TLS certificate of an https --server (testing only: anyone on the path can read the inventory and forge the findings)"),
];

export const scanSettings: readonly SettingSpec[] = [...ownSettings, ...clientSettings, ...scanDbSettings];

/** `dredge image` only: where the packages of a registry image come from. */
export const imageScanSettings: readonly SettingSpec[] = [
  s("sbomSource", "--sbom-source <source>", "string", `${sbomSources.join(" or ")}: with referrers, a registry image's packages are read from an SBOM attached to it as an OCI referrer (CycloneDX, else SPDX; digest and subject checked), its layers when none is attached`),
];

/** Every setting of every command: the keys dredge.yaml may hold. */
export const allSettings: readonly SettingSpec[] = [...globalSettings, ...imageSettings, ...imageScanSettings, ...scanSettings];
