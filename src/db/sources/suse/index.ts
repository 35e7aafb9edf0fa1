/** The `suse` feed: SUSE's CSAF advisories and CSAF VEX (./fetch.ts, ./transform.ts). Licence: CC-BY-4.0, attribute SUSE. */
import type { FeedSource } from "../types.js";
import { fetchSuse, SUSE_URL } from "./fetch.js";
import { transformSuseCsaf } from "./transform.js";

export const suseSource: FeedSource = {
  name: "suse",
  defaultLocation: SUSE_URL,
  description: "SUSE CSAF advisories (fixes per product) and CSAF VEX (unfixed and not-affected statuses)",
  fetch: fetchSuse,
  transform: transformSuseCsaf,
};
