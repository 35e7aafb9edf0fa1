/**
 * A realistic ScanReport for the report writers' tests, built from REAL advisory data: Trivy's integration
 * golden reports (fixtures/golden/trivy/goldens, see its PROVENANCE.md). Test-only mapping, field by field:
 * - image metadata, layers (with `created_by` from the config history), the debian 10.2 OS target and the
 *   gemspec target come from fluentd-gems.json.golden (image ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles);
 * - two language targets come from the lockfile goldens npm.json.golden and pip.json.golden, placed under
 *   /srv/app/ (a composite: those lockfiles are not in that image, so their findings have no layer);
 * - two misconfigurations (one without, one with a file line), a secret and two licence findings are added by
 *   hand (ids and wording of real checks),
 *   and CVE-2020-28724 is suppressed by a VEX statement, so every table and marker is exercised.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CvssScore, FindingStatus, ScanReport, ScanTarget, Severity, VulnerabilityFinding } from "../../src/model/finding.js";
import type { LayerOrigin, PackageType } from "../../src/model/package.js";
import { fixturesDir } from "./images.js";

const goldens = join(fixturesDir, "golden/trivy/goldens");

interface TrivyCvss { V2Vector?: string; V3Vector?: string; V40Vector?: string; V2Score?: number; V3Score?: number; V40Score?: number }
interface TrivyVuln {
  VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; PkgPath?: string; PkgIdentifier?: { PURL?: string };
  InstalledVersion: string; FixedVersion?: string; Status?: string; Layer?: { Digest?: string; DiffID?: string };
  SeveritySource?: string; DataSource?: { ID: string; Name?: string; URL?: string }; Title?: string; Description?: string;
  Severity: Severity; CweIDs?: string[]; VendorSeverity?: Record<string, number>; CVSS?: Record<string, TrivyCvss>;
  References?: string[]; PublishedDate?: string; LastModifiedDate?: string;
}
interface TrivyResult { Target: string; Class: string; Type: string; Vulnerabilities?: TrivyVuln[] }
interface TrivyReport {
  CreatedAt: string; ArtifactName: string;
  Metadata: {
    OS?: { Family: string; Name: string }; ImageID?: string; RepoTags?: string[]; RepoDigests?: string[];
    ImageConfig?: { architecture: string; os: string; history: { created_by?: string; empty_layer?: boolean }[] };
    Layers?: { Size?: number; Digest?: string; DiffID: string }[];
  };
  Results: TrivyResult[];
}

const load = (name: string): TrivyReport => JSON.parse(readFileSync(join(goldens, name), "utf8")) as TrivyReport;

const vendorWords = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"];
const pkgTypes: Record<string, PackageType> = { debian: "deb", alpine: "apk", gemspec: "gem", npm: "npm", pip: "pypi" };

function cvssScores(cvss: Record<string, TrivyCvss> | undefined): CvssScore[] {
  const out: CvssScore[] = [];
  for (const [source, c] of Object.entries(cvss ?? {})) {
    if (c.V40Vector && c.V40Score !== undefined) out.push({ source, version: "4.0", vector: c.V40Vector, baseScore: c.V40Score });
    if (c.V3Vector && c.V3Score !== undefined) {
      const version = c.V3Vector.startsWith("CVSS:3.0/") ? "3.0" : "3.1";
      out.push({ source, version, vector: c.V3Vector, baseScore: c.V3Score });
    }
    if (c.V2Vector && c.V2Score !== undefined) out.push({ source, version: "2.0", vector: c.V2Vector, baseScore: c.V2Score });
  }
  return out;
}

function mapVuln(v: TrivyVuln, r: TrivyResult, layers: Map<string, LayerOrigin>, pathPrefix: string): VulnerabilityFinding {
  const type = pkgTypes[r.Type] ?? "binary";
  const path = v.PkgPath ? `/${v.PkgPath}` : r.Class === "lang-pkgs" ? `${pathPrefix}${r.Target}` : undefined;
  const layer = v.Layer?.DiffID ? layers.get(v.Layer.DiffID) : undefined;
  return {
    id: v.VulnerabilityID,
    aliases: v.VendorIDs ?? [],
    title: v.Title,
    description: v.Description,
    package: {
      name: v.PkgName, version: v.InstalledVersion, type, purl: v.PkgIdentifier?.PURL ?? `pkg:${type}/${v.PkgName}@${v.InstalledVersion}`,
      class: r.Class === "os-pkgs" ? "os" : "library", ...(path ? { path } : {}), ...(layer ? { layer } : {}),
    },
    installedVersion: v.InstalledVersion,
    fixedVersions: v.FixedVersion ? v.FixedVersion.split(/,\s*/) : [],
    status: (v.Status ?? "unknown") as FindingStatus,
    severity: v.Severity,
    severitySource: v.SeveritySource,
    vendorSeverity: Object.fromEntries(Object.entries(v.VendorSeverity ?? {}).map(([k, n]) => [k, vendorWords[n] ?? "UNKNOWN"])),
    cvss: cvssScores(v.CVSS),
    cwes: v.CweIDs ?? [],
    references: v.References ?? [],
    published: v.PublishedDate,
    modified: v.LastModifiedDate,
    dataSource: v.DataSource ? { id: v.DataSource.ID, name: v.DataSource.Name, url: v.DataSource.URL } : undefined,
  };
}

function target(name: string, r: TrivyResult, vulns: VulnerabilityFinding[]): ScanTarget {
  return { target: name, class: r.Class === "os-pkgs" ? "os-pkgs" : "lang-pkgs", type: pkgTypes[r.Type] ?? r.Type,
    vulnerabilities: vulns, misconfigurations: [], secrets: [], licenses: [] };
}

function imageLayers(g: TrivyReport): ScanReport["artifact"]["layers"] {
  const history = (g.Metadata.ImageConfig?.history ?? []).filter((h) => !h.empty_layer);
  return (g.Metadata.Layers ?? []).map((l, index) => ({
    index, diffId: l.DiffID, digest: l.Digest, size: l.Size, createdBy: history[index]?.created_by, base: index === 0,
  }));
}

/** The sample report: 5 vulnerabilities in 4 targets, plus config, secret and licence findings. */
export function sampleReport(): ScanReport {
  const image = load("fluentd-gems.json.golden");
  const layers = imageLayers(image);
  const origins = new Map(layers.map((l) => [l.diffId, { index: l.index, diffId: l.diffId, digest: l.digest, createdBy: l.createdBy }]));
  const os = image.Metadata.OS!;
  const targets: ScanTarget[] = image.Results.map((r) =>
    target(r.Class === "os-pkgs" ? `${os.Family} ${os.Name} (os)` : "/var/lib/gems/2.5.0/specifications", r,
      (r.Vulnerabilities ?? []).map((v) => mapVuln(v, r, origins, "/"))));
  for (const file of ["npm.json.golden", "pip.json.golden"]) {
    for (const r of load(file).Results) {
      targets.push(target(`/srv/app/${r.Target}`, r, (r.Vulnerabilities ?? []).map((v) => mapVuln(v, r, origins, "/srv/app/"))));
    }
  }
  addHandWrittenFindings(targets, layers);
  return {
    schemaVersion: 1,
    createdAt: image.CreatedAt.replace(/\.\d+Z$/, "Z"),
    tool: { name: "dredge", version: "0.1.0" },
    artifact: {
      name: image.Metadata.RepoTags?.[0] ?? image.ArtifactName,
      type: "registry",
      repoTags: image.Metadata.RepoTags ?? [],
      repoDigests: image.Metadata.RepoDigests ?? [],
      imageId: image.Metadata.ImageID,
      platform: { os: image.Metadata.ImageConfig?.os ?? "linux", architecture: image.Metadata.ImageConfig?.architecture ?? "amd64" },
      os: { family: os.Family, name: os.Name, prettyName: `Debian GNU/Linux 10 (buster)` },
      layers,
      base: { name: "docker.io/library/debian:10.2", layers: 1 },
    },
    database: { schemaVersion: 1, builtAt: "2021-08-25T00:00:00Z" },
    targets,
    warnings: [],
  };
}

function addHandWrittenFindings(targets: ScanTarget[], layers: ScanReport["artifact"]["layers"]): void {
  const conf = layers[4]!;
  const confOrigin = { index: conf.index, diffId: conf.diffId, digest: conf.digest, createdBy: conf.createdBy };
  targets.push({
    target: "image config", class: "config", type: "dockerfile", vulnerabilities: [], secrets: [], licenses: [],
    misconfigurations: [{
      id: "DS002", title: "Image user should not be 'root'", severity: "HIGH",
      description: "Running containers with 'root' user can lead to a container escape situation. It is a best practice to run containers as non-root users.",
      message: "Last USER command in Dockerfile should not be 'root'", remediation: "Add 'USER <non root user name>' line to the Dockerfile",
      references: ["https://docs.docker.com/develop/develop-images/dockerfile_best-practices/"],
      location: { path: "Dockerfile" },
    }],
  }, {
    target: "/srv/app/Dockerfile", class: "config", type: "dockerfile", vulnerabilities: [], secrets: [], licenses: [],
    misconfigurations: [{
      id: "DS001", title: "':latest' tag used", severity: "MEDIUM",
      description: "When using a 'FROM' statement you should use a specific tag to avoid uncontrolled behavior when the image is updated.",
      message: "Specify a tag in the 'FROM' statement for image 'ruby'", remediation: "Add a tag to the image in the 'FROM' statement",
      references: ["https://avd.aquasec.com/misconfig/ds001"],
      location: { path: "/srv/app/Dockerfile", startLine: 1, endLine: 1, layer: confOrigin },
    }],
  }, {
    target: "/etc/fluent/fluent.conf", class: "secret", type: "secret", vulnerabilities: [], misconfigurations: [], licenses: [],
    secrets: [{
      ruleId: "aws-access-key-id", category: "AWS", title: "AWS Access Key ID", severity: "CRITICAL",
      path: "/etc/fluent/fluent.conf", startLine: 12, endLine: 12, match: "  aws_key_id ********************", layer: confOrigin,
    }],
  });
  const os = targets[0]!;
  const idn = os.vulnerabilities[0]!.package;
  os.licenses.push({ license: "LGPL-3.0-or-later", classification: "weak-copyleft", severity: "MEDIUM", package: idn });
  const gem = targets[1]!;
  gem.licenses.push({ license: "MIT", classification: "permissive", severity: "LOW", package: gem.vulnerabilities[0]!.package });
  const pip = targets.find((t) => t.target.endsWith("requirements.txt"))!;
  const v = pip.vulnerabilities.find((x) => x.id === "CVE-2020-28724")!;
  v.suppressed = { kind: "vex", justification: "vulnerable_code_not_in_execute_path", reason: "the app never calls werkzeug.utils.redirect", source: "/srv/app/.vex/openvex.json" };
}

/** No findings at all: the OS target is present but clean. */
export function emptyReport(): ScanReport {
  const r = sampleReport();
  return { ...r, targets: [{ ...r.targets[0]!, vulnerabilities: [], misconfigurations: [], secrets: [], licenses: [] }] };
}

/** The sample report with characters every format must escape in titles, paths and messages. */
export function hostileReport(): ScanReport {
  const r = sampleReport();
  const v = r.targets[0]!.vulnerabilities[0]!;
  v.title = `50% <b>"bold"</b> & 'quoted' | a,b: c\r\nsecond line ]]> \u0007bell`;
  v.description = "<script>alert(1)</script> & `code` *stars* _under_";
  r.targets[0]!.target = "debian 10.2 (os) <x>|y,z:w%";
  return r;
}

/** The least a report can hold: a directory scan, no OS, no layers, no database, no targets. */
export function minimalReport(): ScanReport {
  return {
    schemaVersion: 1, createdAt: "2026-01-01T00:00:00Z", tool: { name: "dredge", version: "0.1.0" },
    artifact: { name: "./project", type: "fs", repoTags: [], repoDigests: [], layers: [] },
    targets: [], warnings: ["no package files found in ./project"],
  };
}
