/** Inventory + findings → the ScanReport every format is written from: one target per OS / language file. */
import type { BaseAdvice, FindingOrder, FindingPackage, ReportLayer, ScanReport, ScanTarget, VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { reportPackage } from "./package-list.js";
import type { OtherFindings } from "./scanners.js";

export const SCAN_REPORT_SCHEMA_VERSION = 1;

const installedLabels: Record<string, string> = {
  "package.json": "Node.js",
  METADATA: "Python",
  "PKG-INFO": "Python",
  "installed.json": "PHP (composer)",
};

/** The group a language package is reported under: its lockfile/binary/jar, or its language when installed. */
export function targetOf(f: VulnerabilityFinding): { target: string; class: ScanTarget["class"]; type: string } {
  return packageTargetOf(f.package);
}

/** The group a package is reported under (see targetOf). */
export function packageTargetOf(p: FindingPackage): { target: string; class: ScanTarget["class"]; type: string } {
  if (p.class === "os") return { target: "os", class: "os-pkgs", type: p.type };
  const path = p.path ?? "";
  const base = path.slice(path.lastIndexOf("/") + 1);
  const label = installedLabels[base] ?? (base.endsWith(".gemspec") ? "Ruby" : undefined);
  return { target: label ?? path, class: "lang-pkgs", type: p.type };
}

export interface ReportInput {
  inventory: Inventory;
  findings: VulnerabilityFinding[];
  other?: OtherFindings;
  tool: { name: string; version: string };
  database?: ScanReport["database"];
  /** What the database could check (the vuln scanner only). */
  coverage?: ScanReport["coverage"];
  /** Layers of the base image, when known (annotations or --base-image). */
  baseLayers?: number;
  /** --base-image REF, when it is this image's base: its name (else the base-name annotation or label). */
  baseImage?: string;
  warnings: string[];
  now?: Date;
  /** The order `findings` were sorted in (`--sort`), which the human formats keep. */
  sortedBy?: FindingOrder;
  /**
   * List these packages in their targets (`ScanTarget.packages`), with or without findings: the inventory's
   * packages of the scanned classes, for --list-all-pkgs and the CycloneDX/SPDX reports. Absent: package
   * targets exist only for packages with findings, and carry no listing.
   */
  packages?: readonly Package[];
}

export function buildReport(input: ReportInput): ScanReport {
  const inv = input.inventory;
  const t = inv.target;
  const osName = inv.os ? `${inv.os.family} ${inv.os.name}` : "os";
  const targets = new Map<string, ScanTarget>();
  const packageTarget = (p: FindingPackage): ScanTarget => {
    const g = packageTargetOf(p);
    const name = g.class === "os-pkgs" ? `${t.name} (${osName})` : g.target;
    return targetFor(targets, name, g.class, g.class === "os-pkgs" ? (inv.os?.family ?? g.type) : g.type);
  };
  for (const f of input.findings) packageTarget(f.package).vulnerabilities.push(f);
  if (input.packages) {
    for (const target of targets.values()) target.packages = [];
    for (const p of input.packages) {
      const rp = reportPackage(p);
      (packageTarget(rp).packages ??= []).push(rp);
    }
  }
  if (input.other) addOtherTargets(targets, input.other);
  const layers: ReportLayer[] = inv.layers.map((l) => ({
    index: l.index,
    diffId: l.diffId,
    digest: l.digest,
    size: l.size,
    createdBy: l.createdBy,
    base: input.baseLayers !== undefined ? l.index < input.baseLayers : undefined,
  }));
  const ann = t.annotations ?? {};
  const baseName = input.baseImage ?? ann["org.opencontainers.image.base.name"] ?? t.labels?.["org.opencontainers.image.base.name"];
  const baseDigest = ann["org.opencontainers.image.base.digest"] ?? t.labels?.["org.opencontainers.image.base.digest"];
  return {
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    createdAt: (input.now ?? new Date()).toISOString(),
    tool: input.tool,
    artifact: {
      name: t.name,
      type: t.source,
      repoTags: t.repoTags,
      repoDigests: t.repoDigests,
      manifestDigest: t.manifestDigest,
      imageId: t.imageId,
      platform: t.platform,
      os: inv.os,
      layers,
      base: baseName || baseDigest || input.baseLayers ? { name: baseName, digest: baseDigest, layers: input.baseLayers } : undefined,
      unverified: t.unverified,
    },
    ...(inv.incomplete?.length ? { inventoryIncomplete: true as const, incompleteReasons: inv.incomplete } : {}),
    database: input.database,
    ...(input.coverage ? { coverage: input.coverage } : {}),
    ...(input.sortedBy ? { sortedBy: input.sortedBy } : {}),
    targets: orderTargets([...targets.values()]),
    warnings: input.warnings,
  };
}

const classOrder: ScanTarget["class"][] = ["os-pkgs", "lang-pkgs", "config", "secret", "license"];

function orderTargets(list: ScanTarget[]): ScanTarget[] {
  return list.sort((a, b) => classOrder.indexOf(a.class) - classOrder.indexOf(b.class) || a.target.localeCompare(b.target));
}

function targetFor(targets: Map<string, ScanTarget>, name: string, cls: ScanTarget["class"], type: string): ScanTarget {
  const key = `${cls}\u0000${name}`;
  let t = targets.get(key);
  if (!t) targets.set(key, (t = { target: name, class: cls, type, vulnerabilities: [], misconfigurations: [], secrets: [], licenses: [] }));
  return t;
}

function addOtherTargets(targets: Map<string, ScanTarget>, o: OtherFindings): void {
  for (const m of o.misconfigs) {
    const path = m.location?.path;
    const type = m.id.startsWith("DRG-DF") ? "dockerfile" : m.id.startsWith("DRG-K8S") ? "kubernetes" : "image";
    const name = type === "image" ? "image config and filesystem" : (path ?? "config");
    targetFor(targets, name, "config", type).misconfigurations.push(m);
  }
  for (const sec of o.secrets) targetFor(targets, sec.path, "secret", "secret").secrets.push(sec);
  for (const l of o.licenses) targetFor(targets, "licenses", "license", "license").licenses.push(l);
}

export type { BaseAdvice };
