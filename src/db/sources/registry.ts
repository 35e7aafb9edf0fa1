/**
 * Every feed, one line each. A new feed is a folder under sources/ plus one line here. Feeds marked
 * `redistributable: false` (Wolfi, Chainguard) are built only when named with --source, never published.
 */
import type { FeedSource } from "./types.js";
import { osvSource } from "./osv/index.js";
import { debianSource } from "./debian/index.js";
import { alpineSource } from "./alpine/index.js";
import { ubuntuSource } from "./ubuntu/index.js";
import { ubuntuTrackerSource } from "./ubuntu-tracker/index.js";
import { redhatSource } from "./redhat/index.js";
import { nvdSource } from "./nvd/index.js";
import { kevSource } from "./kev/index.js";
import { epssSource } from "./epss/index.js";
import { amazonSource } from "./amazon/index.js";
import { oracleSource } from "./oracle/index.js";
import { marinerSource } from "./mariner/index.js";
import { photonSource } from "./photon/index.js";
import { suseSource } from "./suse/index.js";
import { wolfiSource } from "./wolfi/index.js";
import { chainguardSource } from "./chainguard/index.js";

export const feedSources: readonly FeedSource[] = [
  osvSource,
  debianSource,
  alpineSource,
  ubuntuSource,
  ubuntuTrackerSource,
  redhatSource,
  nvdSource,
  kevSource,
  epssSource,
  amazonSource,
  oracleSource,
  marinerSource,
  photonSource,
  suseSource,
  wolfiSource,
  chainguardSource,
];

export function findSource(name: string, registry: readonly FeedSource[] = feedSources): FeedSource | undefined {
  return registry.find((s) => s.name === name);
}
