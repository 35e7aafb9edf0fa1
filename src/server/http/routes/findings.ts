/** Findings of a stored image against the current database: vulnerabilities, SBOMs, reports in any CLI format. */
import { Writable } from "node:stream";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { reporterFor, reportFormats } from "../../../report/registry.js";
import { cyclonedxSbom } from "../../../report/cyclonedx/sbom.js";
import { spdxSbom } from "../../../report/spdx-json/sbom.js";
import { sbomFormats } from "../../../scan/index.js";
import { dredgeTool } from "../../../version.js";
import { answerBody, answerFilters, answerOf, readAnswer, serializeAnswer, storeAnswer } from "../../fleet/answers.js";
import { dbVersionOf } from "../../fleet/findings-store.js";
import { storedReport as reportOfStored } from "../../fleet/stored-report.js";
import type { ReportFilters } from "../../findings.js";
import type { ApiContext } from "../context.js";
import { defined, digestOf, filterQuery, parseInput } from "../input.js";
import { notFound } from "../problem.js";
import { digestDoc, type ApiRoute, type ParamDoc } from "../route.js";
import { loadImage } from "./images.js";

const filterDocs: readonly ParamDoc[] = [
  { name: "severity", in: "query", description: "severities to keep, comma-separated (default: all)" },
  { name: "ignoreUnfixed", in: "query", description: "leave out findings without a fix", enum: ["true", "false"] },
  { name: "pkgTypes", in: "query", description: "os, library or both (comma-separated)" },
  { name: "ignoreStatus", in: "query", description: "statuses to leave out, comma-separated" },
  { name: "sort", in: "query", description: "severity, risk or package" },
];

const vulnQuery = z.strictObject(filterQuery);
const sbomQuery = z.strictObject({ format: z.enum(sbomFormats, { error: `is not one of ${sbomFormats.join(", ")}` }).default("cyclonedx") });
const reportQuery = z.strictObject({
  format: z.string().refine((f) => reportFormats.includes(f), { error: `is not one of ${reportFormats.join(", ")}` }).default("json"),
  ...filterQuery,
});

async function render(write: (out: NodeJS.WritableStream) => Promise<void>): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (c: Buffer | string, _e, cb) => (chunks.push(Buffer.from(c)), cb()) });
  await write(out);
  return Buffer.concat(chunks).toString("utf8");
}

/** The report of an image for `filters`, from its stored match (src/server/fleet/stored-report.ts); 404 when the catalog has no such image. */
async function storedReport(ctx: ApiContext, params: unknown, filters: ReportFilters, listPackages: boolean) {
  const built = await reportOfStored(ctx, digestOf(params), filters, { listPackages });
  if (!built) throw notFound("image");
  return built;
}

export const findingRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/images/{digest}/vulnerabilities",
    summary: "The image's vulnerabilities against the current database, with the CLI's filters and sorts",
    role: "reader",
    params: [digestDoc, ...filterDocs],
    responses: { 200: { description: "findings, and the database they were computed with" } },
    async handler(ctx, req, reply) {
      const filters = defined(parseInput(vulnQuery, req.query, "query"));
      if (!isDeepStrictEqual(filters, answerFilters)) {
        const { digest, report } = await storedReport(ctx, req.params, filters, false);
        return { digest, ...answerOf(report) };
      }
      // The default query (what no parameters parse to): the stored answer for the database in use and the current inventory, else computed and stored.
      void reply.type("application/json; charset=utf-8");
      const digest = digestOf(req.params);
      const id = ctx.findings.version();
      const stored = await readAnswer(ctx.db, id, digest, ctx.findings.info());
      if (stored !== undefined) return answerBody(digest, stored);
      const built = await storedReport(ctx, req.params, filters, false);
      const answer = serializeAnswer(built.report);
      // Computed with the version read above (a database switch in between: not stored; the indexer stores the new one).
      if (ctx.findings.version() === id) await storeAnswer(ctx.db, dbVersionOf(id, ctx.findings.builtAt()), digest, built.storedAt, answer).catch(() => false);
      return answerBody(built.digest, answer);
    },
  },
  {
    method: "GET",
    path: "/images/{digest}/sbom",
    summary: "The image's SBOM (CycloneDX 1.6 or SPDX 2.3 JSON)",
    role: "reader",
    params: [digestDoc, { name: "format", in: "query", description: "SBOM format", enum: sbomFormats }],
    responses: { 200: { description: "the SBOM" } },
    async handler(_ctx, req, reply) {
      const { format } = parseInput(sbomQuery, req.query, "query");
      const { inventory } = await loadImage(_ctx, req.params);
      const doc = format === "cyclonedx" ? cyclonedxSbom(inventory, dredgeTool()) : spdxSbom(inventory, dredgeTool());
      void reply.type(format === "cyclonedx" ? "application/vnd.cyclonedx+json" : "application/spdx+json");
      return JSON.stringify(doc);
    },
  },
  {
    method: "GET",
    path: "/images/{digest}/report",
    summary: "The image's report in any format of the CLI (json, sarif, cyclonedx, spdx-json, table, html …)",
    role: "reader",
    params: [digestDoc, { name: "format", in: "query", description: "report format", enum: reportFormats }, ...filterDocs],
    responses: { 200: { description: "the report", mediaType: "*/*" } },
    async handler(ctx, req, reply) {
      const { format, ...rest } = parseInput(reportQuery, req.query, "query");
      const reporter = reporterFor(format);
      const { report } = await storedReport(ctx, req.params, defined(rest), reporter.packageListing === "always");
      void reply.type(reporter.mediaType);
      return render((out) => reporter.write(report, out, { color: false }));
    },
  },
];
