/**
 * Fleet queries, answered from the indexes: which images have a vulnerability (`/vulnerabilities/{id}/images`,
 * by id or alias, against the current database) and which have a package, optionally in a VERS version range
 * (`/packages?purl=…&vers=…`). Both page with a cursor, like `GET /images`.
 */
import { PackageURL } from "packageurl-js";
import { z } from "zod";
import { DredgeError } from "../../../errors.js";
import { formatVers, parseVers, schemeOfPurlType, type VersRange } from "../../../purl/vers/index.js";
import { imagesWithPackage, imagesWithVulnerability, packagesPending } from "../../fleet/queries.js";
import type { PackageKey } from "../../catalog/package-index.js";
import { pageQuery, parseInput } from "../input.js";
import type { ApiRoute } from "../route.js";
import { indexState } from "./images.js";

const digestCursor = z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,128}$/, { error: "is not a cursor of this listing" }).optional();
const page = { ...pageQuery, cursor: digestCursor };

const vulnParams = z.strictObject({
  id: z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { error: "is not a vulnerability id (CVE-…, GHSA-…, …)" }),
});
const vulnQuery = z.strictObject(page);
const packageQuery = z.strictObject({ purl: z.string({ error: "is required" }).min(5).max(1024), vers: z.string().max(4096).optional(), ...page });

const pageDocs = [
  { name: "cursor", in: "query", description: "nextCursor of the previous page" },
  { name: "limit", in: "query", description: "page size (1-500, default 50)" },
] as const;

/** The package a purl names (type, namespace, name; its version, if any, as a range `=version`). */
function packageOf(purl: string): { key: PackageKey; version?: string } {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl);
  } catch (err) {
    throw new DredgeError("USAGE", `invalid query: purl "${purl}" is not a package URL: ${(err as Error).message}`, { hint: "e.g. pkg:deb/debian/openssl" });
  }
  return { key: { type: p.type, namespace: p.namespace ?? "", name: p.name }, ...(p.version ? { version: p.version } : {}) };
}

function rangeOf(key: PackageKey, vers: string | undefined, version: string | undefined): VersRange | undefined {
  if (vers !== undefined && version !== undefined) throw new DredgeError("USAGE", "invalid query: give a version in the purl or a vers range, not both");
  const text = vers ?? (version !== undefined ? `vers:${key.type}/${encodeURIComponent(version).replace(/%3A/gi, ":")}` : undefined);
  if (text === undefined) return undefined;
  const range = parseVers(text);
  const scheme = schemeOfPurlType(key.type);
  if (scheme !== undefined && range.schemeId !== scheme) {
    throw new DredgeError("USAGE", `invalid query: vers:${range.scheme} compares ${range.schemeId} versions, but ${key.type} packages have ${scheme} versions`, {
      hint: `write vers:${key.type}/…`,
    });
  }
  return range;
}

export const fleetRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/vulnerabilities/{id}/images",
    summary: "Images with a vulnerability (by CVE, GHSA or other id, or an alias) against the current database: package, installed and fixed versions, severity; cursor pagination",
    role: "reader",
    params: [{ name: "id", in: "path", description: "vulnerability id or alias (any case)", required: true }, ...pageDocs],
    responses: { 200: { description: "a page of images with their findings of the vulnerability; `complete: false` and `pending` while the findings index is behind" } },
    async handler(ctx, req) {
      const { id } = parseInput(vulnParams, req.params, "path");
      const q = parseInput(vulnQuery, req.query, "query");
      const result = await imagesWithVulnerability(ctx.db, ctx.findings.version(), id, q.cursor, q.limit);
      return { id, ...result, ...(await indexState(ctx)) };
    },
  },
  {
    method: "GET",
    path: "/packages",
    summary: "Images with a package (purl type, namespace and name), optionally only versions in a VERS range (vers:deb/<3.0.11); cursor pagination",
    role: "reader",
    params: [
      { name: "purl", in: "query", description: "package URL without version, e.g. pkg:deb/debian/openssl (with @version: that version only)", required: true },
      { name: "vers", in: "query", description: "purl-spec version range, e.g. vers:deb/>=3.0.0|<3.0.11" },
      ...pageDocs,
    ],
    responses: { 200: { description: "a page of images with their matching packages (name, version, purl, layer)" } },
    async handler(ctx, req) {
      const q = parseInput(packageQuery, req.query, "query");
      const { key, version } = packageOf(q.purl);
      const range = rangeOf(key, q.vers, version);
      const result = await imagesWithPackage(ctx.db, key, range, q.cursor, q.limit);
      const pending = await packagesPending(ctx.db);
      return { package: key, vers: range ? formatVers(range) : null, ...result, complete: pending === 0, pending };
    },
  },
];
