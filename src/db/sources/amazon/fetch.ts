/**
 * ALAS from the Amazon Linux repositories: each release's `mirror.list` names a repository, whose
 * `repodata/repomd.xml` locates `updateinfo.xml.gz` (as dnf/yum read it). A URL the user gives is a
 * `mirror.list`, an updateinfo file or a repository base; a local path is an updateinfo file (.xml, .gz) or a directory of
 * them and/or of vuln-list's ALAS JSON files. One RawRecord per advisory.
 */
import { DredgeError, errorMessage } from "../../../errors.js";
import { isDocument, localDocuments, remoteDocument, xmlOf, type Document } from "../documents.js";
import { parseRecordText } from "../files.js";
import { httpText, joinUrl } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";
import { attr, child, children, elementTexts } from "../xml.js";

/** The releases' mirror lists (the ones dnf/yum on each release read). */
export const AMAZON_MIRROR_LISTS: Readonly<Record<string, string>> = {
  "1": "http://repo.us-west-2.amazonaws.com/2018.03/updates/x86_64/mirror.list",
  "2": "https://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list",
  "2022": "https://cdn.amazonlinux.com/al2022/core/mirrors/latest/x86_64/mirror.list",
  "2023": "https://cdn.amazonlinux.com/al2023/core/mirrors/latest/x86_64/mirror.list",
};
export const AMAZON_URL = "https://cdn.amazonlinux.com";

export interface AmazonRaw {
  /** The release the repository serves, when known from where it came (else told by the ALAS id). */
  release?: string;
  kind: "updateinfo" | "vuln-list";
  data: unknown;
}

function recordsOf(doc: Document, release?: string): RawRecord[] {
  if (/\.json$/i.test(doc.name)) {
    const rec = parseRecordText(doc.text, doc.name, doc.origin);
    if (rec.error) return [rec];
    const id = (rec.data as { id?: unknown } | null)?.id;
    return [{ id: typeof id === "string" ? id : doc.name, origin: doc.origin, data: { release, kind: "vuln-list", data: rec.data } satisfies AmazonRaw }];
  }
  if (!/<updates\b/.test(doc.text.slice(0, 64 * 1024))) return [{ id: doc.name, origin: doc.origin, data: undefined, error: "not an updateinfo document (no <updates>)" }];
  // AL2's updateinfo is tens of MiB: one <update> is parsed at a time (in the transform).
  const out: RawRecord[] = [];
  try {
    for (const u of elementTexts(doc.text, "update")) {
      const id = /<id>\s*([^<\s]+)\s*<\/id>/.exec(u)?.[1];
      out.push({ id: id ?? `${doc.name}[${out.length}]`, origin: doc.origin, data: { release, kind: "updateinfo", data: u } satisfies AmazonRaw });
    }
  } catch (err) {
    out.push({ id: doc.name, origin: doc.origin, data: undefined, error: errorMessage(err) });
  }
  return out;
}

/** `repodata/repomd.xml` of a repository → the URL of its updateinfo. */
async function updateinfoUrl(base: string, ctx: FetchContext): Promise<string | undefined> {
  const repomd = await remoteDocument(joinUrl(base, "repodata/repomd.xml"), ctx);
  if (!repomd) return undefined;
  if (!isDocument(repomd)) throw new DredgeError("PARSE_ERROR", `cannot read ${repomd.origin}: ${repomd.error ?? ""}`);
  const parsed = xmlOf(repomd);
  if ("failed" in parsed) throw new DredgeError("PARSE_ERROR", `cannot parse ${repomd.origin}: ${parsed.failed.error ?? ""}`);
  const data = children(child(parsed.xml, "repomd"), "data").find((d) => attr(d, "type") === "updateinfo");
  const href = attr(child(data, "location"), "href");
  return href ? joinUrl(base, href) : undefined;
}

async function* fromRepository(base: string, ctx: FetchContext, release?: string): AsyncGenerator<RawRecord> {
  const url = /\.(xml|gz|json)$/i.test(base) ? base : await updateinfoUrl(base, ctx);
  if (!url) {
    ctx.logger.warn("no updateinfo in the repository", { url: base });
    return;
  }
  const doc = await remoteDocument(url, ctx);
  if (!doc) return;
  if (isDocument(doc)) yield* recordsOf(doc, release);
  else yield doc;
}

/** The first repository a release's `mirror.list` names. */
async function mirrorOf(list: string, ctx: FetchContext): Promise<string | undefined> {
  const text = await httpText(list, { logger: ctx.logger, allowNotFound: true });
  return text?.split(/\r?\n/).map((l) => l.trim()).find((l) => /^https?:\/\//.test(l));
}

async function* fromMirrorList(list: string, ctx: FetchContext, release?: string): AsyncGenerator<RawRecord> {
  const mirror = await mirrorOf(list, ctx);
  if (!mirror) {
    ctx.logger.warn("no Amazon Linux mirror listed", { release, url: list });
    return;
  }
  yield* fromRepository(mirror, ctx, release);
}

export async function* fetchAmazon(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    for await (const doc of localDocuments(ctx.location, [".xml", ".gz", ".json"])) {
      if (!isDocument(doc)) yield doc;
      else if (!/^repomd/i.test(doc.name)) yield* recordsOf(doc); // a mirrored repodata/ holds repomd.xml too
    }
    return;
  }
  if (ctx.location !== AMAZON_URL) {
    if (/mirror\.list$/i.test(ctx.location)) yield* fromMirrorList(ctx.location, ctx, ctx.selector);
    else yield* fromRepository(ctx.location, ctx, ctx.selector);
    return;
  }
  const releases = ctx.selector ? [ctx.selector] : Object.keys(AMAZON_MIRROR_LISTS);
  for (const release of releases) {
    const list = AMAZON_MIRROR_LISTS[release];
    if (!list) throw new DredgeError("USAGE", `unknown Amazon Linux release ${release} (known: ${Object.keys(AMAZON_MIRROR_LISTS).join(", ")})`);
    yield* fromMirrorList(list, ctx, release);
  }
}
