/** SPDX 2.3 JSON SBOM of an inventory (validated against the official schema in tests). */
import { randomUUID } from "node:crypto";
import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import type { ToolInfo } from "../cyclonedx/sbom.js";
import { fullVersion } from "../../model/version.js";
import { spdxIncompleteFields } from "../common/incomplete.js";
import { imagePurl } from "../common/sbom-image-purl.js";
import { licenseRef, normaliseLicense } from "../common/sbom-license.js";
import { packageProperties } from "../common/sbom-properties.js";

type Json = Record<string, unknown>;

export function spdxSbom(inv: Inventory, tool: ToolInfo, now = new Date()): Json {
  const t = inv.target;
  const extracted = new Map<string, string>();
  const rootId = "SPDXRef-Target";
  const purl = imagePurl(t);
  const root: Json = {
    SPDXID: rootId,
    name: t.name,
    versionInfo: t.manifestDigest ?? t.imageId ?? undefined,
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    primaryPackagePurpose: t.source === "rootfs" || t.source === "fs" ? "SOURCE" : "CONTAINER",
    licenseConcluded: "NOASSERTION",
    licenseDeclared: "NOASSERTION",
    copyrightText: "NOASSERTION",
    ...(purl ? { externalRefs: [purlRef(purl)] } : {}),
  };
  const packages: Json[] = [root];
  const relationships: Json[] = [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: rootId }];
  let osId: string | undefined;
  if (inv.os) {
    osId = "SPDXRef-OperatingSystem";
    packages.push({
      SPDXID: osId, name: inv.os.family, versionInfo: inv.os.name, downloadLocation: "NOASSERTION", filesAnalyzed: false,
      primaryPackagePurpose: "OPERATING_SYSTEM", licenseConcluded: "NOASSERTION", licenseDeclared: "NOASSERTION", copyrightText: "NOASSERTION",
    });
    relationships.push({ spdxElementId: rootId, relationshipType: "CONTAINS", relatedSpdxElement: osId });
  }
  inv.packages.forEach((p, i) => {
    const id = `SPDXRef-Package-${i + 1}`;
    packages.push(spdxPackage(p, id, extracted));
    const parent = osId && (p.type === "deb" || p.type === "apk" || p.type === "rpm") ? osId : rootId;
    relationships.push({ spdxElementId: parent, relationshipType: "CONTAINS", relatedSpdxElement: id });
  });
  const created = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const creator = `Tool: ${tool.name}-${tool.version}`;
  const doc: Json = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: t.name,
    documentNamespace: `https://dredge.invalid/spdx/${encodeURIComponent(t.name)}-${randomUUID()}`,
    creationInfo: { created, creators: [creator] },
    ...spdxIncompleteFields(inv.incomplete, created, creator),
    packages,
    relationships,
  };
  if (extracted.size) {
    doc.hasExtractedLicensingInfos = [...extracted].map(([licenseId, name]) => ({ licenseId, extractedText: name, name }));
  }
  return doc;
}

function purlRef(purl: string): Json {
  return { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: purl };
}

/** One SPDX package of an inventory package (shared with the SPDX scan report). */
export function spdxPackage(p: Package, id: string, extracted: Map<string, string>): Json {
  const out: Json = {
    SPDXID: id,
    name: p.name,
    versionInfo: fullVersion(p),
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    primaryPackagePurpose: "LIBRARY",
    licenseConcluded: "NOASSERTION",
    licenseDeclared: declared(p.licenses ?? [], extracted),
    copyrightText: "NOASSERTION",
    externalRefs: [purlRef(p.purl)],
  };
  if (p.vendor) out.supplier = `Organization: ${p.vendor.replace(/\n/g, " ")}`;
  if (p.source) out.sourceInfo = `built from source package ${p.source.name} ${p.source.version}`;
  const props = packageProperties(p);
  if (props.length) out.comment = props.map((x) => `${x.name}=${x.value}`).join("\n");
  return out;
}

function declared(list: readonly string[], extracted: Map<string, string>): string {
  const parts = [...new Set(list)].map((l) => {
    const n = normaliseLicense(l);
    if (n.kind === "id") return n.id;
    if (n.kind === "expression") return `(${n.expression})`;
    const ref = licenseRef(n.name);
    extracted.set(ref, n.name);
    return ref;
  });
  if (parts.length === 0) return "NOASSERTION";
  return parts.length === 1 ? parts[0]!.replace(/^\((.*)\)$/, "$1") : parts.join(" AND ");
}

export type { Package };
