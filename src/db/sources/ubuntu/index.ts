/**
 * The `ubuntu` feed: Ubuntu's OSV records (canonical/ubuntu-security-notices `osv/`; OSV's Ubuntu export
 * upstream) with Ubuntu priority, plus its OpenVEX documents when a local mirror holds `vex/` (statuses
 * needed/deferred/ignored/not-affected/released/DNE). `UBUNTU-CVE-…` records alias their CVE; USN
 * records are stored as advisories without package rows (their packages repeat the CVE records').
 */
import { readOsvLocal } from "../osv/fetch.js";
import { osvAffectedRow, osvVulnerability, parseOsv } from "../osv/transform.js";
import { readZipRecords } from "../files.js";
import { httpDownload } from "../http.js";
import { join } from "node:path";
import { emptyOutput, MalformedRecord, type FeedSource, type FetchContext, type RawRecord } from "../types.js";
import { isVex, transformVex } from "./vex.js";

export const UBUNTU_URL = "https://osv-vulnerabilities.storage.googleapis.com/Ubuntu/all.zip";

async function* fetchUbuntu(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    yield* readOsvLocal(ctx.location);
    return;
  }
  const file = join(ctx.tmpDir, "ubuntu.zip");
  await httpDownload(ctx.location, file, { logger: ctx.logger });
  yield* readZipRecords(file, ctx.location);
}

function transformUbuntu(raw: RawRecord): ReturnType<FeedSource["transform"]> {
  if (raw.error) throw new MalformedRecord(raw.error);
  if (isVex(raw.data)) return { ...emptyOutput(), affected: transformVex(raw.data) };
  const rec = parseOsv(raw);
  const cveAlias = rec.id.startsWith("UBUNTU-CVE-") ? rec.upstream.filter((u) => u.startsWith("CVE-")) : [];
  const vuln = osvVulnerability(rec, "ubuntu", cveAlias);
  if (!rec.id.startsWith("UBUNTU-") || rec.withdrawn) return { vulnerabilities: [vuln], affected: [] };
  const priority = rec.severity.find((s) => s.type === "Ubuntu")?.score.toLowerCase();
  const affected = rec.affected.flatMap((a) => {
    const row = osvAffectedRow(rec, a, "ubuntu");
    if (row && priority) row.severity = priority;
    return row ?? [];
  });
  return { vulnerabilities: [vuln], affected };
}

export const ubuntuSource: FeedSource = {
  name: "ubuntu",
  defaultLocation: UBUNTU_URL,
  description: "Ubuntu security notices: OSV records (and OpenVEX statuses from a local mirror)",
  fetch: fetchUbuntu,
  transform: transformUbuntu,
};
