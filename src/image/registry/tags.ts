/** `GET /v2/<repository>/tags/list`: a repository's tags, page by page (`Link: <…>; rel="next"`), bounded. */
import { DredgeError } from "../../errors.js";
import { pushAll } from "../../util/array.js";
import type { RegistrySession } from "./session.js";

/** One page of tags is small (a name and a list of short strings); Docker Hub's biggest repositories fit. */
const MAX_PAGE = 4 * 1024 * 1024;
const PAGE_SIZE = 1000;

export interface TagListOptions {
  signal?: AbortSignal;
  /** Pages read at most (default 20); the tags of the pages read are returned. */
  maxPages?: number;
}

export async function listTags(s: RegistrySession, repository: string, opts: TagListOptions = {}): Promise<string[]> {
  const subject = s.subject(repository, "tag list");
  const what = `tag list of ${s.options.registry}/${repository}`;
  const tags: string[] = [];
  let url: string | undefined = await s.url(repository, `tags/list?n=${PAGE_SIZE}`, opts.signal);
  for (let page = 0; url !== undefined && page < (opts.maxPages ?? 20); page++) {
    const res = await s.request(subject, "pull", { method: "GET", url, headers: { accept: "application/json" } }, opts.signal);
    if (res.status !== 200) throw await s.failure(subject, res, url);
    pushAll(tags, parseTagList(await s.readBody(res, MAX_PAGE, what, url), what));
    url = nextPage(res.headers.get("link"), url);
  }
  return tags;
}

/** `{ "name": …, "tags": [ … ] }` (tags may be null for a repository without tags). */
export function parseTagList(bytes: Buffer, what: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new DredgeError("REGISTRY_ERROR", `${what} is not JSON`);
  }
  const tags = doc !== null && typeof doc === "object" ? (doc as { tags?: unknown }).tags : undefined;
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags)) throw new DredgeError("REGISTRY_ERROR", `${what} has no "tags" list`);
  return tags.filter((t): t is string => typeof t === "string");
}

/** The `rel="next"` target of a Link header, resolved against the request URL (same origin only). */
export function nextPage(link: string | null, current: string): string | undefined {
  const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  if (!m) return undefined;
  const next = new URL(m[1]!, current);
  return next.origin === new URL(current).origin ? next.href : undefined;
}
