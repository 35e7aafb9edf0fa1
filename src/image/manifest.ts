/** Parsing of image manifests and indexes (OCI and Docker schema 2), through a schema. */
import { z } from "zod";
import { DredgeError } from "../errors.js";
import { indexMediaTypes, manifestMediaTypes, schema1MediaTypes } from "./media-types.js";
import { safeParse } from "../util/schema.js";

const digestSchema = z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, "not a digest");

const platformSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  variant: z.string().optional(),
  "os.version": z.string().optional(),
  "os.features": z.array(z.string()).optional(),
});

export const descriptorSchema = z.object({
  mediaType: z.string().optional(),
  digest: digestSchema,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: platformSchema.optional(),
  artifactType: z.string().optional(),
});
export type Descriptor = z.infer<typeof descriptorSchema>;

const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type ImageManifest = z.infer<typeof manifestSchema>;

const indexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type ImageIndex = z.infer<typeof indexSchema>;

export type ParsedManifest =
  | { kind: "manifest"; mediaType: string; manifest: ImageManifest }
  | { kind: "index"; mediaType: string; index: ImageIndex };

/**
 * Parse a manifest or index. `contentType` is what the registry or layout declared (may be empty);
 * the document's own mediaType wins when present. `where` names the input in errors.
 */
export function parseManifest(bytes: Buffer | string, contentType: string | undefined, where: string): ParsedManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof bytes === "string" ? bytes : bytes.toString("utf8"));
  } catch {
    throw new DredgeError("INVALID_MANIFEST", `${where}: manifest is not valid JSON`);
  }
  if (typeof doc !== "object" || doc === null) {
    throw new DredgeError("INVALID_MANIFEST", `${where}: manifest is not a JSON object`);
  }
  const rec = doc as Record<string, unknown>;
  const declared = typeof rec.mediaType === "string" ? rec.mediaType : (contentType ?? "").split(";")[0]!.trim();
  if (rec.schemaVersion === 1 || schema1MediaTypes.includes(declared)) {
    throw new DredgeError("UNSUPPORTED_MANIFEST", `${where}: Docker schema 1 manifests are not supported`, {
      hint: "re-push the image with a current Docker or skopeo to convert it to schema 2",
    });
  }
  const isIndex = indexMediaTypes.includes(declared) || (!declared && Array.isArray(rec.manifests));
  if (isIndex) {
    const r = safeParse(indexSchema, doc);
    if (!r.success) throw invalid(where, "index", r.error);
    return { kind: "index", mediaType: declared || indexMediaTypes[0]!, index: r.data };
  }
  if (declared && !manifestMediaTypes.includes(declared)) {
    throw new DredgeError("UNSUPPORTED_MEDIA_TYPE", `${where}: unsupported manifest media type ${declared}`, {
      hint: "Dredge reads OCI and Docker schema 2 images; this looks like another kind of artifact",
    });
  }
  const r = safeParse(manifestSchema, doc);
  if (!r.success) throw invalid(where, "manifest", r.error);
  return { kind: "manifest", mediaType: declared || manifestMediaTypes[0]!, manifest: r.data };
}

function invalid(where: string, what: string, error: z.ZodError): DredgeError {
  const first = error.issues[0];
  const at = first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "invalid";
  return new DredgeError("INVALID_MANIFEST", `${where}: malformed image ${what} (${at})`);
}
