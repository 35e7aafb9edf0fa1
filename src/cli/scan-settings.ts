/** Settings of the scan commands (image, fs, rootfs). */
import { scanDbSettings } from "./commands/db.js";
import { setting, type SettingSpec } from "./settings.js";

const s = setting;

/** --skip-dirs / --skip-files (scans and `dredge sbom`). */
export const skipSettings: readonly SettingSpec[] = [
  s("skipDirs", "--skip-dirs <globs>", "list", "directories to leave out: globs, comma-separated or repeated (e.g. **/node_modules,/usr/lib/ruby)"),
  s("skipFiles", "--skip-files <globs>", "list", "files to leave out: globs, comma-separated or repeated (e.g. **/*.jar)"),
];

const ownSettings: readonly SettingSpec[] = [
  s("severity", "--severity <list>", "string", "severities to report (e.g. CRITICAL,HIGH)", "CRITICAL,HIGH,MEDIUM,LOW,NEGLIGIBLE,UNKNOWN"),
  s("exitCode", "--exit-code <n>", "integer", "exit with this code when findings remain after every filter", 0),
  s("ignoreUnfixed", "--ignore-unfixed", "boolean", "hide vulnerabilities that no version fixes yet", false),
  s("ignoreStatus", "--ignore-status <list>", "string", "hide these statuses (affected,will_not_fix,fix_deferred,end_of_life,unknown)"),
  s("includeDevDeps", "--include-dev-deps", "boolean", "show the vulnerabilities of dev-only lockfile packages (devDependencies, dev groups) and count them for --exit-code; by default they are hidden (the packages stay in SBOMs)", false),
  s("pkgTypes", "--pkg-types <list>", "string", "package classes to scan: os,library", "os,library"),
  s("ignorefile", "--ignorefile <file>", "string", "ignore file (plain IDs or YAML; default .dredgeignore if present)"),
  s("vex", "--vex <files>", "string", "OpenVEX or CycloneDX VEX documents, comma-separated"),
  s("showSuppressed", "--show-suppressed", "boolean", "list suppressed findings (marked) in the report", false),
  s("listAllPkgs", "--list-all-pkgs", "boolean", "json output: list every package of each target, with or without findings (cyclonedx and spdx-json always do)", false),
  s("sort", "--sort <order>", "string", "severity, risk or package", "severity"),
  s("groupBy", "--group-by <what>", "string", "table output: target or layer", "target"),
  s("baseImage", "--base-image <ref>", "string", "the base image, to tell base-layer findings from the layers added on top"),
  ...skipSettings,
  s("scanners", "--scanners <list>", "string", "what to look for: vuln,secret,misconfig,license", "vuln,secret"),
];

export const scanSettings: readonly SettingSpec[] = [...ownSettings, ...scanDbSettings];
