/**
 * A secdb feed in Alpine's shape served as one file (Wolfi's `security.json`, Chainguard's): every package
 * entry is a record; rows go to `<namespace>:rolling` (both distros are rolling, one advisory set).
 * Locally: that file, or a directory of such files. Their licence forbids redistribution by scanner vendors:
 * such feeds are `redistributable: false` — never in the default build nor in a pushed database.
 */
import { isDirectory, readRecordFile, walkFiles } from "../files.js";
import { httpJson } from "../http.js";
import { recordsOf, type AlpineRaw } from "../alpine/fetch.js";
import { secdbRows } from "../alpine/index.js";
import { emptyOutput, MalformedRecord, type FeedSource, type FetchContext, type RawRecord } from "../types.js";
import type { SourceName } from "../../model.js";

async function* fetchSecdb(ctx: FetchContext, repo: string): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    const files = (await isDirectory(ctx.location)) ? await walkFiles(ctx.location, [".json"]) : [ctx.location];
    for (const f of files) {
      const rec = await readRecordFile(f);
      if (rec.error) yield rec;
      else yield* recordsOf(rec.data, f, "rolling", repo);
    }
    return;
  }
  const data = await httpJson(ctx.location, { logger: ctx.logger });
  yield* recordsOf(data, ctx.location, "rolling", repo);
}

export function secdbFeed(name: SourceName, url: string, description: string): FeedSource {
  return {
    name,
    defaultLocation: url,
    description,
    redistributable: false,
    fetch: (ctx) => fetchSecdb(ctx, name),
    transform(raw) {
      if (raw.error) throw new MalformedRecord(raw.error);
      return { ...emptyOutput(), affected: secdbRows((raw.data as AlpineRaw).pkg, `${name}:rolling`, name) };
    },
  };
}
