/**
 * The `redhat` feed: Red Hat CSAF VEX (one document per CVE). Upstream
 * https://security.access.redhat.com/data/csaf/v2/vex: the bulk archive named by `archive_latest.txt` plus
 * the documents changed since (see upstream.ts). Also reads CSAF advisories (RHSA), which share the format.
 * Local: a directory of CSAF JSON files, one JSON file, or a downloaded `csaf_vex_….tar.zst` archive.
 */
import { basename } from "node:path";
import { isDirectory, readRecordFile, walkFiles } from "../files.js";
import type { FeedSource, FetchContext, RawRecord } from "../types.js";
import { readVexArchive } from "./archive.js";
import { transformCsaf } from "./transform.js";
import { fetchRedhatUpstream } from "./upstream.js";

export const REDHAT_VEX_URL = "https://security.access.redhat.com/data/csaf/v2/vex";

async function* fetchRedhat(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (!ctx.local) {
    yield* fetchRedhatUpstream(ctx);
    return;
  }
  if (/\.tar(\.zst|\.gz)?$/i.test(ctx.location)) {
    for await (const e of readVexArchive(ctx.location, { label: basename(ctx.location), logger: ctx.logger })) yield e.record;
    return;
  }
  const files = (await isDirectory(ctx.location)) ? await walkFiles(ctx.location, [".json"]) : [ctx.location];
  for (const f of files) yield await readRecordFile(f);
}

export const redhatSource: FeedSource = {
  name: "redhat",
  defaultLocation: REDHAT_VEX_URL,
  description: "Red Hat CSAF VEX (per-CVE product status for RHEL)",
  fetch: fetchRedhat,
  transform: transformCsaf,
};
