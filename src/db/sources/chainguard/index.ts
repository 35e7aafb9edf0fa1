/** The `chainguard` feed: Chainguard OS's secdb (Wolfi's shape). Not redistributable: built only on request. */
import { secdbFeed } from "../wolfi/secdb.js";

export const CHAINGUARD_URL = "https://packages.cgr.dev/chainguard/security.json";

export const chainguardSource = secdbFeed(
  "chainguard", CHAINGUARD_URL, "Chainguard secdb (security.json); licence forbids redistribution: only with --source chainguard",
);
