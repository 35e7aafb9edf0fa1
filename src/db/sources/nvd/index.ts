/** The `nvd` feed: NVD CVE API 2.0 (descriptions, CVSS, CWE, references, dates). */
import type { FeedSource } from "../types.js";
import { fetchNvd, NVD_URL } from "./fetch.js";
import { transformNvd } from "./transform.js";

export const nvdSource: FeedSource = {
  name: "nvd",
  defaultLocation: NVD_URL,
  description: "NVD CVE API 2.0 (CVSS v2/v3.x/v4.0, CWE, references; incremental by lastModStartDate)",
  incremental: true,
  fetch: fetchNvd,
  transform: transformNvd,
};
