/**
 * SBOM files as scan targets (src/sbom-input): CycloneDX JSON, SPDX JSON, SPDX tag-value and in-toto
 * attestations, through parseSbom (format sniffing included). Seeds: Trivy's SBOM inputs in the fixtures
 * and the Syft SBOMs under src/sbom-input/testdata.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSbom } from "../../../src/sbom-input/index.js";
import type { Inventory } from "../../../src/model/inventory.js";
import { silentLogger } from "../../../src/util/log.js";
import { packagesProblem, plainDataProblem } from "../checks.js";
import { fixtureSeeds } from "../seeds.js";
import { identity, type Encoder, type FuzzTarget } from "../target.js";

const inputs = (...names: string[]): Buffer[] => fixtureSeeds(names.map((n) => `golden/trivy/sbom-inputs/${n}`));
const testdata = (name: string): Buffer => readFileSync(join(import.meta.dirname, "../../../src/sbom-input/testdata", name));

function inventoryProblem(r: unknown): string | undefined {
  const inv = r as Inventory;
  if (typeof inv.target?.name !== "string") return "target without a name";
  return packagesProblem(inv.packages) ?? plainDataProblem(inv.os, "os") ?? plainDataProblem(inv.layers, "layers");
}

function sbomTarget(name: string, file: string, seeds: () => Buffer[], tokens: readonly string[] = []): FuzzTarget {
  return { name, seeds, tokens, where: file, run: (b) => parseSbom(b, file, silentLogger), check: inventoryProblem };
}

/** The (mutated) SBOM text as the predicate of an in-toto statement: in a DSSE envelope, bare, or as cosign's `Data` string. */
const statement = (predicate: string): string =>
  `{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://cyclonedx.org/bom","subject":[],"predicate":${predicate}}`;
const inToto: Encoder[] = [
  identity,
  { name: "DSSE envelope", encode: (b) => Buffer.from(`{"payloadType":"application/vnd.in-toto+json","payload":"${Buffer.from(statement(b.toString("utf8"))).toString("base64")}"}\n`) },
  { name: "bare statement", encode: (b) => Buffer.from(statement(b.toString("utf8"))) },
  { name: "cosign Data", encode: (b) => Buffer.from(statement(`{"Data":${JSON.stringify(b.toString("utf8"))}}`)) },
];

const purlTokens = ["pkg:deb/debian/a@1?distro=debian-12", "pkg:rpm/redhat/a@1-2?epoch=1&arch=x86_64", "pkg:npm/%40s/n@1", "pkg:oci/x@sha256:", "?", "&", "%", "%zz", "#sub/path", "pkg:"];

export const sbomTargets: FuzzTarget[] = [
  sbomTarget("sbom/cyclonedx", "/scan/bom.cdx.json", () => [...inputs("centos-7-cyclonedx.json", "fluentd-multiple-lockfiles-cyclonedx.json", "license-cyclonedx.json", "minikube-kbom.json"), testdata("syft-alpine-cyclonedx.json")], purlTokens),
  sbomTarget("sbom/spdx-json", "/scan/bom.spdx.json", () => [...inputs("centos-7-spdx.json"), testdata("syft-debian-spdx.json")], [...purlTokens, "SPDXRef-", "DEPENDS_ON", "DEPENDENCY_OF"]),
  sbomTarget("sbom/spdx-tag-value", "/scan/bom.spdx", () => inputs("centos-7-spdx.txt"), ["SPDXVersion: SPDX-2.3\n", "PackageName: ", "SPDXID: ", "ExternalRef: PACKAGE-MANAGER purl ", "Relationship: ", "<text>", "</text>", "\n"]),
  {
    ...sbomTarget("sbom/in-toto", "/scan/bom.intoto.jsonl", () => inputs("centos-7-cyclonedx.intoto.jsonl", "centos-7-cyclonedx.json", "centos-7-spdx.json"), ['"payload":"', "\n{}\n"]),
    encoders: inToto,
  },
];
