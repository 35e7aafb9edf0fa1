/** `manifest.json` of a `docker save` archive, and choosing an image in it by tag. */
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import { descriptorSchema } from "../manifest.js";
import { safeParse } from "../../util/schema.js";

const entrySchema = z
  .object({
    Config: z.string().min(1),
    RepoTags: z.array(z.string()).nullish(),
    Layers: z.array(z.string()),
    LayerSources: z.record(z.string(), descriptorSchema).nullish(),
  })
  .passthrough();

export type ArchiveEntry = z.infer<typeof entrySchema>;

const manifestJsonSchema = z.array(entrySchema).max(10_000);

export function parseManifestJson(bytes: Buffer, where: string): ArchiveEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new DredgeError("INVALID_ARCHIVE", `${where}: manifest.json is not valid JSON`);
  }
  const r = safeParse(manifestJsonSchema, doc);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new DredgeError("INVALID_ARCHIVE", `${where}: malformed manifest.json (${i?.path.join(".") || "(root)"}: ${i?.message})`);
  }
  if (r.data.length === 0) throw new DredgeError("INVALID_ARCHIVE", `${where}: manifest.json lists no images`);
  return r.data;
}

/** `docker.io/library/alpine:latest`, `alpine` and `alpine:latest` all compare equal. */
export function normaliseTag(tag: string): string {
  let t = tag.trim();
  for (const p of ["docker.io/", "index.docker.io/", "registry-1.docker.io/"]) {
    if (t.startsWith(p)) t = t.slice(p.length);
  }
  if (t.startsWith("library/")) t = t.slice("library/".length);
  const last = t.slice(t.lastIndexOf("/") + 1);
  if (!last.includes(":") && !t.includes("@")) t += ":latest";
  return t;
}

export function tagMatches(asked: string, have: string): boolean {
  return normaliseTag(asked) === normaliseTag(have);
}

/** The entry for `tag`, or the only one; errors list the tags the archive has. */
export function pickArchiveEntry(entries: readonly ArchiveEntry[], tag: string | undefined, where: string): ArchiveEntry {
  const tags = entries.map((e, i) => (e.RepoTags?.length ? e.RepoTags.join(" ") : `#${i} (untagged, ${e.Config})`));
  if (tag !== undefined) {
    const found = entries.find((e) => (e.RepoTags ?? []).some((t) => tagMatches(tag, t)));
    if (found) return found;
    throw new DredgeError("IMAGE_NOT_FOUND", `${where}: no image tagged "${tag}" in the archive`, {
      hint: `the archive has: ${tags.join(", ")}`,
    });
  }
  if (entries.length === 1) return entries[0]!;
  throw new DredgeError("USAGE", `${where} holds ${entries.length} images; say which one`, {
    hint: `append :REPO:TAG to the target (docker-archive:FILE:REPO:TAG), one of: ${tags.join(", ")}`,
  });
}
