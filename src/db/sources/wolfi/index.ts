/** The `wolfi` feed: Wolfi's secdb (`security.json`, Alpine's shape). Not redistributable: built only on request. */
import { secdbFeed } from "./secdb.js";

export const WOLFI_URL = "https://packages.wolfi.dev/os/security.json";

export const wolfiSource = secdbFeed("wolfi", WOLFI_URL, "Wolfi secdb (security.json); licence forbids redistribution: only with --source wolfi");
