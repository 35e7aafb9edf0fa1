/**
 * Test helpers: vulnerability findings built from the real OSV advisories in the shared fixtures (ID and
 * aliases as the advisory states them), and the OpenVEX schema validator. Not used by the library.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import type { FindingPackage, MisconfigFinding, SecretFinding, VulnerabilityFinding } from "../model/finding.js";
import { fixturesDir } from "../../test/helpers/images.js";

export const feeds = join(fixturesDir, "feeds");
export const requestsAdvisory = join(feeds, "osv-pypa/vulns/requests/PYSEC-2023-74.yaml");
export const lodashAdvisory = join(feeds, "osv-ghsa-subset/GHSA-p6mc-m468-83gw.json");
export const lodashTemplateAdvisory = join(feeds, "osv-ghsa-subset/GHSA-35jh-r3h4-6jhm.json");
export const ubuntuCurlVex = join(feeds, "format-samples/ubuntu/vex/cve/2023/CVE-2023-38545.json");

export const requestsPkg: FindingPackage = {
  name: "requests",
  version: "2.25.1",
  type: "pypi",
  purl: "pkg:pypi/requests@2.25.1",
  class: "library",
  path: "/usr/local/lib/python3.11/site-packages/requests-2.25.1.dist-info/METADATA",
};

export const lodashPkg: FindingPackage = {
  name: "lodash",
  version: "4.17.15",
  type: "npm",
  purl: "pkg:npm/lodash@4.17.15",
  class: "library",
  path: "/srv/app/node_modules/lodash/package.json",
};

/** A finding for `pkg` from the OSV advisory file (YAML or JSON) at `path`. */
export function findingFromOsv(path: string, pkg: FindingPackage): VulnerabilityFinding {
  const osv = parse(readFileSync(path, "utf8")) as { id: string; aliases?: string[]; summary?: string };
  return {
    id: osv.id,
    aliases: osv.aliases ?? [],
    title: osv.summary,
    package: pkg,
    installedVersion: pkg.version,
    fixedVersions: [],
    status: "fixed",
    severity: "MEDIUM",
    cvss: [],
    cwes: [],
    references: [],
  };
}

/** The same advisory seen under another of its names (e.g. the GHSA finding a CVE entry must catch). */
export function renamed(f: VulnerabilityFinding, id: string): VulnerabilityFinding {
  return { ...f, id, aliases: [f.id, ...f.aliases].filter((a) => a !== id) };
}

export function secretFinding(ruleId: string, path: string): SecretFinding {
  return { ruleId, category: "AWS", title: "AWS Access Key ID", severity: "CRITICAL", path, match: "AKIA****************" };
}

export function misconfigFinding(id: string, path: string): MisconfigFinding {
  return { id, title: "Image user should not be 'root'", severity: "HIGH", description: "", message: "", references: [], location: { path } };
}

export function openVexValidator(): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addFormat("iri", /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/u);
  const schema = JSON.parse(readFileSync(join(fixturesDir, "schemas/openvex.schema.json"), "utf8")) as Record<string, unknown>;
  return ajv.compile(schema);
}
