/** The `kev` feed: CISA Known Exploited Vulnerabilities catalogue (one JSON file). */
import { z } from "zod";
import { DredgeError } from "../../../errors.js";
import { readRecordFile } from "../files.js";
import { httpJson } from "../http.js";
import { emptyOutput, MalformedRecord, type FeedSource, type FetchContext, type RawRecord } from "../types.js";
import type { KevEntry } from "../../model.js";
import { safeParse } from "../../../util/schema.js";

export const KEV_URL = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json";

const catalogue = z.object({
  catalogVersion: z.string().optional(),
  dateReleased: z.string().optional(),
  vulnerabilities: z.array(z.unknown()),
});

const entry = z.object({
  cveID: z.string().regex(/^CVE-\d{4}-\d+$/),
  vendorProject: z.string().optional(),
  product: z.string().optional(),
  vulnerabilityName: z.string().optional(),
  dateAdded: z.string().optional(),
  shortDescription: z.string().optional(),
  requiredAction: z.string().optional(),
  dueDate: z.string().optional(),
  knownRansomwareCampaignUse: z.string().optional(),
  notes: z.string().optional(),
  cwes: z.array(z.string()).optional(),
});

async function* fetchKev(ctx: FetchContext): AsyncGenerator<RawRecord> {
  const whole = ctx.local ? await readRecordFile(ctx.location) : { data: await httpJson(ctx.location, { logger: ctx.logger }), error: undefined };
  const parsed = whole.error ? undefined : safeParse(catalogue, whole.data);
  if (!parsed?.success) {
    throw new DredgeError("PARSE_ERROR", `${ctx.location} is not a CISA KEV catalogue${whole.error ? `: ${whole.error}` : ""}`);
  }
  if (parsed.data.dateReleased) ctx.setLastUpdate(parsed.data.dateReleased);
  let i = 0;
  for (const v of parsed.data.vulnerabilities) {
    const id = typeof v === "object" && v !== null && typeof (v as { cveID?: unknown }).cveID === "string" ? String((v as { cveID: string }).cveID) : `vulnerabilities[${i}]`;
    yield { id, origin: ctx.location, data: v };
    i++;
  }
}

export const kevSource: FeedSource = {
  name: "kev",
  defaultLocation: KEV_URL,
  description: "CISA Known Exploited Vulnerabilities catalogue",
  fetch: fetchKev,
  transform(raw) {
    const p = safeParse(entry, raw.data);
    if (!p.success) throw new MalformedRecord(`not a KEV entry: ${p.error.issues[0]?.path.join(".") ?? ""} ${p.error.issues[0]?.message ?? ""}`);
    const e = p.data;
    const k: KevEntry = { cveId: e.cveID, cwes: e.cwes ?? [] };
    if (e.vendorProject) k.vendorProject = e.vendorProject;
    if (e.product) k.product = e.product;
    if (e.vulnerabilityName) k.name = e.vulnerabilityName;
    if (e.dateAdded) k.dateAdded = e.dateAdded;
    if (e.dueDate) k.dueDate = e.dueDate;
    if (e.knownRansomwareCampaignUse) k.knownRansomwareCampaignUse = e.knownRansomwareCampaignUse;
    if (e.shortDescription) k.shortDescription = e.shortDescription;
    if (e.requiredAction) k.requiredAction = e.requiredAction;
    if (e.notes) k.notes = e.notes;
    return { ...emptyOutput(), kev: [k] };
  },
};
