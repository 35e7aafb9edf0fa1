/**
 * SPDX 2.x tag-value → the SPDX JSON document shape (same field names: `packages[].versionInfo`,
 * `externalRefs[]`, `relationships[]`…) so `readSpdx` maps both formats the same way. Only the fields that
 * reader uses are kept; unknown tags, files, snippets and annotations are ignored. Bad lines are warnings
 * (one per kind, naming the first line); a file with no package left and a bad line is a PARSE_ERROR.
 */
import { DredgeError } from "../errors.js";
import { warn, type ReadContext } from "./context.js";
import { MAX_PACKAGES } from "./spdx.js";
import { TagValueProblems } from "./tag-value-problems.js";
import { sample, scanTagValue } from "./tag-value-lines.js";

type Section = "document" | "package" | "file" | "snippet" | "license";
type Json = Record<string, unknown>;

/** Single-valued package tags → spdxPackageSchema keys (a repeated tag: the last wins, as in JSON). */
const PACKAGE_FIELDS: ReadonlyMap<string, string> = new Map([
  ["PackageVersion", "versionInfo"],
  ["PrimaryPackagePurpose", "primaryPackagePurpose"],
  ["PackageLicenseDeclared", "licenseDeclared"],
  ["PackageLicenseConcluded", "licenseConcluded"],
  ["PackageSourceInfo", "sourceInfo"],
  ["PackageComment", "comment"],
  ["PackageSupplier", "supplier"],
]);
const LICENSE_FIELDS: ReadonlyMap<string, string> = new Map([["ExtractedText", "extractedText"], ["LicenseName", "name"]]);
const SECTION_START: ReadonlyMap<string, Section> = new Map([["PackageName", "package"], ["FileName", "file"], ["SnippetSPDXID", "snippet"], ["LicenseID", "license"]]);

interface PendingPackage {
  line: number;
  name: string;
  SPDXID?: string;
  /** spdxPackageSchema key → value */
  fields: Map<string, string>;
  attributionTexts: string[];
  externalRefs: Json[];
}

/** Parse tag-value text into an SPDX-JSON-shaped document; warnings go to `ctx`. */
export function spdxTagValueDocument(text: string, ctx: ReadContext): Json {
  const b = new Builder(ctx.file);
  scanTagValue(text.replace(/^\uFEFF/, ""), { onTag: (t, v, l) => b.tag(t, v, l), onProblem: (k, l, s) => b.problems.add(k, l, s) });
  b.flush();
  if (b.version === undefined) {
    const first = b.problems.first();
    throw new DredgeError("PARSE_ERROR", `${ctx.file}: no "SPDXVersion:" tag, not an SPDX tag-value document${first ? ` (${first})` : ""}`, {
      hint: 'an SPDX tag-value SBOM starts with "SPDXVersion: SPDX-2.3"',
    });
  }
  if (!/^SPDX-2\.\d+$/.test(b.version.value)) {
    throw new DredgeError("UNSUPPORTED_MEDIA_TYPE", `${ctx.file}: line ${b.version.line}: SPDX version "${sample(b.version.value)}" is not supported (SPDX 2.x only)`);
  }
  const first = b.problems.first();
  if (b.packages.length === 0 && first) {
    throw new DredgeError("PARSE_ERROR", `${ctx.file}: no package could be read from this SPDX tag-value document; ${first}`);
  }
  for (const message of b.problems.summaries()) warn(ctx, message);
  return {
    spdxVersion: b.version.value,
    SPDXID: b.documentId,
    name: b.name,
    packages: b.packages,
    relationships: b.relationships,
    hasExtractedLicensingInfos: b.licenses,
  };
}

class Builder {
  readonly problems = new TagValueProblems();
  readonly packages: Json[] = [];
  readonly relationships: Json[] = [];
  readonly licenses: Json[] = [];
  version: { value: string; line: number } | undefined;
  documentId: string | undefined;
  name: string | undefined;
  private section: Section = "document";
  private pkg: PendingPackage | undefined;

  constructor(private readonly file: string) {}

  tag(tag: string, value: string, line: number): void {
    const start = SECTION_START.get(tag);
    if (start) return this.startSection(start, value, line);
    if (tag === "Relationship") return this.relationship(value, line);
    if (tag === "SPDXVersion") this.version ??= { value, line };
    else if (tag === "SPDXID") this.spdxId(value);
    else if (tag === "DocumentName") this.name ??= value;
    else if (PACKAGE_FIELDS.has(tag) || tag === "PackageAttributionText" || tag === "ExternalRef") this.packageTag(tag, value, line);
    else {
      const key = LICENSE_FIELDS.get(tag);
      if (key === undefined) return; // unknown, or read nowhere: ignored
      const lic = this.section === "license" ? this.licenses.at(-1) : undefined;
      if (lic) lic[key] = value;
      else this.problems.add("misplaced", line, `${tag}: ${value}`);
    }
  }

  /** Close the package being read: kept when it has an SPDXID. */
  flush(): void {
    const p = this.pkg;
    this.pkg = undefined;
    if (!p) return;
    if (p.SPDXID === undefined) return this.problems.add("no-spdxid", p.line, `PackageName: ${p.name}`);
    const out: Json = { SPDXID: p.SPDXID, name: p.name };
    for (const [k, v] of p.fields) out[k] = v;
    // absent rather than empty, as JSON writers do
    if (p.attributionTexts.length) out.attributionTexts = p.attributionTexts;
    if (p.externalRefs.length) out.externalRefs = p.externalRefs;
    this.packages.push(out);
  }

  private startSection(section: Section, value: string, line: number): void {
    this.flush();
    this.section = section;
    if (section === "license") this.licenses.push({ licenseId: value });
    if (section !== "package") return;
    if (this.packages.length >= MAX_PACKAGES) throw new DredgeError("LIMIT_EXCEEDED", `${this.file}: more than ${MAX_PACKAGES} packages (line ${line})`);
    this.pkg = { line, name: value, fields: new Map(), attributionTexts: [], externalRefs: [] };
  }

  private spdxId(value: string): void {
    if (this.section === "package" && this.pkg) this.pkg.SPDXID = value;
    else if (this.section === "document") this.documentId ??= value;
  }

  private packageTag(tag: string, value: string, line: number): void {
    const p = this.pkg;
    if (!p) return this.problems.add("misplaced", line, `${tag}: ${value}`);
    if (tag === "PackageAttributionText") p.attributionTexts.push(value);
    else if (tag !== "ExternalRef") p.fields.set(PACKAGE_FIELDS.get(tag)!, value);
    else {
      const m = /^(\S+)\s+(\S+)\s+(\S.*)$/.exec(value);
      if (m) p.externalRefs.push({ referenceCategory: m[1], referenceType: m[2], referenceLocator: m[3]!.trim() });
      else this.problems.add("bad-external-ref", line, `${tag}: ${value}`);
    }
  }

  private relationship(value: string, line: number): void {
    const parts = value.split(/\s+/);
    if (parts.length !== 3) return this.problems.add("bad-relationship", line, `Relationship: ${value}`);
    this.relationships.push({ spdxElementId: parts[0], relationshipType: parts[1], relatedSpdxElement: parts[2] });
  }
}
