/**
 * Unverified entries: `POST /sboms` (an SBOM document, read as bytes) and `POST /inventories` (client
 * mode: the runner analysed the image; the server stores the inventory and answers with every finding, and
 * the client filters, suppresses and prints as a local scan would). See src/server/ingest/ingest.ts for the
 * trust rule and the key. Bodies may be up to the upload limit (`--max-upload`).
 */
import { z } from "zod";
import { DredgeError } from "../../../errors.js";
import { silentLogger } from "../../../util/log.js";
import { ingestInventory, ingestSbom } from "../../ingest/ingest.js";
import { describeIssues, inventorySchema } from "../../ingest/inventory-schema.js";
import { API_PREFIX, type ApiRoute } from "../route.js";
import { safeParse } from "../../../util/schema.js";

/** The upload schema as JSON Schema, for the OpenAPI document (written from the zod schema that checks it). */
const { $schema: _s, ...inventoryJsonSchema } = z.toJSONSchema(inventorySchema, { io: "input" });

export const SBOM_MEDIA_TYPES = ["application/json", "application/vnd.cyclonedx+json", "application/spdx+json"] as const;

const location = (digest: string) => `${API_PREFIX}/images/${digest}`;

export const uploadRoutes: readonly ApiRoute[] = [
  {
    method: "POST",
    path: "/sboms",
    summary: "Upload a CycloneDX or SPDX JSON SBOM: an unverified image entry with its packages, nothing pulled (refused when a verified scan holds the digest it claims)",
    role: "scanner",
    upload: { mediaTypes: SBOM_MEDIA_TYPES },
    body: { type: "object", description: "a CycloneDX (1.2-1.7) or SPDX 2.x JSON document" },
    responses: { 201: { description: "stored: digest (the key: the image digest the SBOM names, else the sha256 of the document), verified false" } },
    problems: [409, 413, 415],
    async handler(ctx, req, reply) {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DredgeError("PARSE_ERROR", "the request has no SBOM document");
      const { digest, inventory } = await ingestSbom(ctx.catalog, req.body, silentLogger);
      ctx.findings.forget(digest);
      void reply.code(201).header("location", location(digest));
      return { digest, location: location(digest), verified: false, packages: inventory.packages.length, warnings: inventory.warnings };
    },
  },
  {
    method: "POST",
    path: "/inventories",
    summary: "Client mode: store an inventory the client analysed (unverified; never replaces a verified scan) and answer with every finding against the current database",
    role: "scanner",
    upload: {},
    body: { ...inventoryJsonSchema, description: "the Inventory JSON of Dredge's pipeline (inventoryTarget); unknown fields are refused" },
    responses: {
      201: { description: "stored: digest, location, stored true, verified false, and match (findings unfiltered, matcher warnings, coverage, database)" },
      200: { description: "a verified scan holds this digest: matched but not stored (stored false)" },
    },
    problems: [413, 415],
    async handler(ctx, req, reply) {
      const parsed = safeParse(inventorySchema, req.body);
      if (!parsed.success) throw new DredgeError("USAGE", `invalid inventory: ${describeIssues(parsed.error.issues)}`);
      const { digest, stored, inventory } = await ingestInventory(ctx.catalog, parsed.data);
      if (stored) ctx.findings.forget(digest);
      const match = ctx.findings.match(inventory);
      void reply.code(stored ? 201 : 200).header("location", location(digest));
      return { digest, location: location(digest), stored, verified: false, match };
    },
  },
];
