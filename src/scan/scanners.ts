/**
 * `--scanners vuln,secret,misconfig,license`: which analyzers run and which findings are collected besides
 * vulnerabilities. Secrets are searched in every layer (a file deleted later still ships in the image)
 * and in the image config; misconfigurations in the image config and final filesystem, and in Dockerfiles
 * and Kubernetes manifests; licences from package metadata.
 */
import { configAnalyzer } from "../analyzer/config/analyzer.js";
import type { Analyzer } from "../analyzer/types.js";
import type { ImageAnalysis } from "../artifact/types.js";
import { findingPackage } from "../matcher/findings.js";
import type { LicenseFinding, MisconfigFinding, SecretFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import { licenseFindings, licenseSeverities } from "../checks/license/index.js";
import { imageFileEntries } from "../checks/misconfig/image/files.js";
import { scanImageMisconfig } from "../checks/misconfig/image/index.js";
import { secretAnalyzer, secretRuleSet } from "../checks/secret/index.js";
import { imageLayerSecrets } from "../checks/secret/image.js";
import { scanImageMetadataSecrets } from "../checks/secret/index.js";
import { pushAll } from "../util/array.js";

export type ScannerName = "vuln" | "secret" | "misconfig" | "license";
export const scannerNames: readonly ScannerName[] = ["vuln", "secret", "misconfig", "license"];

export function scannerAnalyzers(scanners: ReadonlySet<ScannerName>, config: ScannerConfig = {}): Analyzer[] {
  const out: Analyzer[] = [];
  if (scanners.has("secret")) out.push({ ...secretAnalyzer(secretRuleSet(config.secret, config.source)), perFile: true });
  if (scanners.has("misconfig")) out.push(configAnalyzer);
  return out;
}

export interface OtherFindings {
  secrets: SecretFinding[];
  misconfigs: MisconfigFinding[];
  licenses: LicenseFinding[];
}

/** Sections of dredge.yaml the scanners read: `secret:` (custom/allow/disabled rules) and `license:` (severities). */
export const scannerConfigSections = ["secret", "license"] as const;

export interface ScannerConfig {
  secret?: unknown;
  license?: unknown;
  /** The file they came from, for error messages. */
  source?: string;
}

export function otherFindings(scanners: ReadonlySet<ScannerName>, inv: Inventory, a: ImageAnalysis | undefined, config: ScannerConfig = {}): OtherFindings {
  const secretConfig = config.secret;
  const out: OtherFindings = { secrets: [], misconfigs: [], licenses: [] };
  const isImage = a !== undefined && a.metadata.layers.length > 0;
  if (scanners.has("secret") && a) {
    pushAll(out.secrets, isImage ? imageLayerSecrets(a.metadata.layers, a.layerAnalyses, a.tree) : a.layerAnalyses.flatMap((l) => l.results.secret?.secrets ?? []));
    if (isImage) pushAll(out.secrets, scanImageMetadataSecrets(a.metadata.config, secretRuleSet(secretConfig, config.source)));
  }
  if (scanners.has("misconfig") && a) {
    if (isImage) pushAll(out.misconfigs, scanImageMisconfig({ metadata: a.metadata, files: imageFileEntries(a.tree.files()) }));
    // Config files that survive in the final filesystem, as the layer that wrote them has them.
    a.layerAnalyses.forEach((l, i) => {
      for (const m of l.results.config?.misconfigs ?? []) {
        const path = m.location?.path;
        if (!path || a.tree.get(path)?.layer === i) out.misconfigs.push(m);
      }
    });
  }
  if (scanners.has("license")) {
    const severities = licenseSeverities(config.license, config.source);
    pushAll(out.licenses, licenseFindings(inv.packages.filter((p) => p.licenses?.length).map((p) => ({ licenses: p.licenses!, package: findingPackage(p) })), severities));
  }
  return out;
}
