/** CycloneDX components of a scan report: the image (metadata.component), its OS and the packages with findings. */
import type { FindingPackage, LicenseFinding, ScanReport } from "../../model/finding.js";
import type { SourceKind } from "../../model/image.js";
import { imagePurl } from "../common/sbom-image-purl.js";
import { normaliseLicense } from "../common/sbom-license.js";
import { PROPERTY_PREFIX } from "../common/sbom-properties.js";

type Json = Record<string, unknown>;

const sourceKinds: readonly string[] = ["registry", "docker-archive", "oci-layout", "oci-archive", "daemon", "rootfs", "fs", "sbom"];

export function rootComponent(report: ScanReport): Json {
  const a = report.artifact;
  const source = (sourceKinds.includes(a.type) ? a.type : "registry") as SourceKind;
  const purl = imagePurl({ name: a.name, source, repoTags: a.repoTags, repoDigests: a.repoDigests, manifestDigest: a.manifestDigest,
    imageId: a.imageId, platform: a.platform });
  const props = [
    ["image:id", a.imageId],
    ...a.repoTags.map((t) => ["image:repoTag", t]),
    ...a.repoDigests.map((d) => ["image:repoDigest", d]),
  ].filter((kv): kv is [string, string] => typeof kv[1] === "string" && kv[1] !== "");
  return {
    "bom-ref": purl ?? `target:${a.name}`,
    type: source === "rootfs" || source === "fs" ? "file" : "container",
    name: a.name,
    ...(a.manifestDigest ? { version: a.manifestDigest } : {}),
    ...(purl ? { purl } : {}),
    ...(props.length ? { properties: props.map(([name, value]) => ({ name: PROPERTY_PREFIX + name, value })) } : {}),
  };
}

export function osComponent(report: ScanReport): Json | undefined {
  const os = report.artifact.os;
  if (!os) return undefined;
  return { "bom-ref": `os:${os.family}@${os.name}`, type: "operating-system", name: os.family, version: os.name,
    ...(os.prettyName ? { description: os.prettyName } : {}) };
}

/** One component per distinct purl among the findings' packages; bom-ref = purl. */
export function packageComponents(report: ScanReport): Json[] {
  const byRef = new Map<string, { pkg: FindingPackage; licenses: LicenseFinding[] }>();
  for (const t of report.targets) {
    for (const v of t.vulnerabilities) if (!byRef.has(v.package.purl)) byRef.set(v.package.purl, { pkg: v.package, licenses: [] });
    for (const l of t.licenses) {
      if (!l.package) continue;
      const e = byRef.get(l.package.purl) ?? { pkg: l.package, licenses: [] };
      e.licenses.push(l);
      byRef.set(l.package.purl, e);
    }
  }
  return [...byRef.values()].map(({ pkg, licenses }) => component(pkg, licenses));
}

function component(p: FindingPackage, licenses: LicenseFinding[]): Json {
  const c: Json = { "bom-ref": p.purl, type: "library", name: p.name, version: p.version, purl: p.purl };
  if (p.type === "maven" && p.name.includes(":")) Object.assign(c, { group: p.name.split(":")[0], name: p.name.split(":")[1] });
  if (licenses.length) c.licenses = cdxLicenses([...new Set(licenses.map((l) => l.license))]);
  const props: [string, string | number | undefined][] = [
    ["package:type", p.type], ["package:class", p.class], ["package:path", p.path],
    ["package:source:name", p.source?.name], ["package:source:version", p.source?.version],
    ["layer:index", p.layer?.index], ["layer:diffID", p.layer?.diffId], ["layer:digest", p.layer?.digest],
  ];
  const present = props.filter((kv): kv is [string, string | number] => kv[1] !== undefined && kv[1] !== "");
  if (present.length) c.properties = present.map(([name, value]) => ({ name: PROPERTY_PREFIX + name, value: String(value) }));
  return c;
}

/** CycloneDX takes either licence objects or exactly one expression. */
function cdxLicenses(texts: string[]): Json[] {
  const norm = texts.map(normaliseLicense);
  const only = norm.length === 1 ? norm[0]! : undefined;
  if (only?.kind === "expression") return [{ expression: only.expression }];
  return norm.map((n) => (n.kind === "id" ? { license: { id: n.id } } : { license: { name: n.kind === "expression" ? n.expression : n.name } }));
}
